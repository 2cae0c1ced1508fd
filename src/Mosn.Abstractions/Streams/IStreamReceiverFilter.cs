using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>A stream filter on the request path (fault injection, auth, rate limiting, ...). One instance per stream.</summary>
public interface IStreamReceiverFilter
{
    /// <summary>
    /// Called once with the request headers in the phase the filter was registered for. The filter may change the headers,
    /// reply through <paramref name="handler"/> (returning <see cref="StreamFilterStatus.Termination"/>), or return
    /// <see cref="StreamFilterStatus.Stop"/> and later call <see cref="IStreamReceiverFilterHandler.ContinueReceiving"/>.
    /// </summary>
    StreamFilterStatus OnReceive(IStreamReceiverFilterHandler handler, IHeaderMap headers, bool endStream);

    /// <summary>Called once when the stream ends, however it ends. Release timers and resources here.</summary>
    void OnDestroy();
}
