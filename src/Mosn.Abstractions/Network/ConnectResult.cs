namespace Mosn.Abstractions.Network;

/// <summary>The outcome of an upstream connect attempt: a connection, or the failure event.</summary>
public readonly record struct ConnectResult(IConnection? Connection, ConnectionEvent Failure)
{
    /// <summary>True when <see cref="Connection"/> is set.</summary>
    public bool Success => Connection is not null;
}
