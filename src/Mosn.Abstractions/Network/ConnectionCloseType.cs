namespace Mosn.Abstractions.Network;

/// <summary>How a connection is closed.</summary>
public enum ConnectionCloseType
{
    /// <summary>Send what is already written, then close (FIN).</summary>
    FlushWrite,
    /// <summary>Close at once, discarding unsent bytes (reset where the transport allows).</summary>
    NoFlush,
}
