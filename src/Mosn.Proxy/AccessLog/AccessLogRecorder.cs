using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// The per-stream half of access logging, installed as a stream filter first in the chain when the listener has
/// access logs: it notes the stream's times and response headers as the stream passes its phases, and writes one
/// line per configured log when the proxy ends the stream (<c>DownstreamStream.Finish</c> destroys the filter chain).
/// </summary>
/// <remarks>
/// Registered as a receiver filter in <see cref="StreamFilterPhase.BeforeRoute"/> (always runs: it is the first
/// filter, run as the request headers arrive) and <see cref="StreamFilterPhase.AfterChooseHost"/> (the request is
/// about to go upstream), and as a sender filter (upstream response headers). It never changes the stream.
/// Called under the downstream stream's lock, like every stream filter.
/// </remarks>
internal sealed class AccessLogRecorder : IStreamReceiverFilter, IStreamSenderFilter
{
    private readonly AccessLogRecorderFactory _factory;
    private IStreamReceiverFilterHandler? _handler;
    private IHeaderMap? _responseHeaders;
    private long _start;
    private long _forwarded;
    private long _responded;
    private bool _logged;

    public AccessLogRecorder(AccessLogRecorderFactory factory) => _factory = factory;

    public StreamFilterStatus OnReceive(IStreamReceiverFilterHandler handler, IHeaderMap headers, bool endStream)
    {
        var now = _factory.TimeProvider.GetTimestamp();
        if (handler.Phase == StreamFilterPhase.AfterChooseHost)
        {
            _forwarded = now; // again on a retry: the last try counts
        }
        else if (_handler is null)
        {
            _handler = handler;
            _start = now;
        }

        return StreamFilterStatus.Continue;
    }

    public StreamFilterStatus OnSend(IStreamSenderFilterHandler handler, IHeaderMap headers, bool endStream)
    {
        _responded = _factory.TimeProvider.GetTimestamp();
        _responseHeaders = headers;
        return StreamFilterStatus.Continue;
    }

    /// <summary>Called once per registration (three times) when the stream ends; logs on the first.</summary>
    public void OnDestroy()
    {
        if (_logged || _handler is not { } handler)
        {
            return;
        }

        _logged = true;
        var time = _factory.TimeProvider;
        var entry = new AccessLogEntry(
            handler.RequestInfo,
            handler.RequestHeaders,
            _responseHeaders,
            handler.RequestInfo.DownstreamLocalAddress ?? handler.Connection.LocalAddress,
            _forwarded == 0 ? null : time.GetElapsedTime(_start, _forwarded),
            _responded == 0 ? null : time.GetElapsedTime(_start, _responded),
            time.GetElapsedTime(_start));
        foreach (var log in _factory.Logs)
        {
            log.Log(entry);
        }
    }
}
