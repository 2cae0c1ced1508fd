using Mosn.Abstractions.Streams;

namespace Mosn.Abstractions.Upstream;

/// <summary>
/// Connections to one host for one protocol, shared by all downstream connections. Reuses idle connections and never
/// hands out a connection the host has closed.
/// </summary>
public interface IConnectionPool : IAsyncDisposable
{
    /// <summary>The host.</summary>
    IHost Host { get; }

    /// <summary>The protocol spoken on the pool's connections.</summary>
    string Protocol { get; }

    /// <summary>
    /// Gets a new request stream whose response goes to <paramref name="responseReceiver"/>: on an idle or multiplexed
    /// connection at once, otherwise after connecting. Never throws for network failures (see <see cref="PoolStreamResult.Failure"/>).
    /// </summary>
    ValueTask<PoolStreamResult> NewStreamAsync(IStreamReceiver responseReceiver, CancellationToken cancellationToken);

    /// <summary>Connections open now (busy or idle).</summary>
    int ConnectionCount { get; }

    /// <summary>Idle connections ready for reuse.</summary>
    int IdleCount { get; }

    /// <summary>Stops giving streams and closes connections as their streams finish.</summary>
    void Drain();
}
