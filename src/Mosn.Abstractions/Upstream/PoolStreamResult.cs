using Mosn.Abstractions.Streams;

namespace Mosn.Abstractions.Upstream;

/// <summary>The outcome of asking a pool for a stream.</summary>
public readonly record struct PoolStreamResult(IStreamSender? Sender, PoolFailureReason Failure, bool ReusedConnection)
{
    /// <summary>True when <see cref="Sender"/> is set.</summary>
    public bool Success => Sender is not null;
}
