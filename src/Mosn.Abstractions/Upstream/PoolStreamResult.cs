using Mosn.Abstractions.Streams;

namespace Mosn.Abstractions.Upstream;

/// <summary>The outcome of asking a pool for a stream.</summary>
/// <param name="Sender">The stream's sender (null on failure).</param>
/// <param name="Failure">Why no stream was given.</param>
/// <param name="ReusedConnection">True when the stream runs on a connection that carried streams before.</param>
/// <param name="LocalAddress">The upstream connection's local address (for access logs), when known.</param>
public readonly record struct PoolStreamResult(IStreamSender? Sender, PoolFailureReason Failure, bool ReusedConnection, System.Net.EndPoint? LocalAddress = null)
{
    /// <summary>True when <see cref="Sender"/> is set.</summary>
    public bool Success => Sender is not null;
}
