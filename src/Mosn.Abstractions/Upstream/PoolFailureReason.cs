namespace Mosn.Abstractions.Upstream;

/// <summary>Why a connection pool could not give a stream.</summary>
public enum PoolFailureReason
{
    /// <summary>No failure.</summary>
    None,
    /// <summary>A limit (connections, pending requests) was reached.</summary>
    Overflow,
    /// <summary>Connecting to the host failed or was refused.</summary>
    ConnectionFailure,
    /// <summary>Connecting to the host timed out.</summary>
    Timeout,
}
