namespace Mosn.Abstractions.Network;

/// <summary>Life-cycle state of a connection.</summary>
public enum ConnectionState
{
    /// <summary>Created, read loop not started yet.</summary>
    Init,
    /// <summary>Reading and writing.</summary>
    Active,
    /// <summary>Closed; no more events except the final close event already delivered.</summary>
    Closed,
}
