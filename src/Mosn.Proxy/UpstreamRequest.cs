using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy;

/// <summary>
/// One try of a proxied request on one upstream host: receives the upstream response and hands it to its
/// <see cref="DownstreamStream"/>, which ignores it once the try is superseded (retry, timeout, reset).
/// </summary>
internal sealed class UpstreamRequest : IStreamReceiver, IStreamEventListener
{
    private readonly DownstreamStream _owner;
    private int _state; // 0 pending, 1 attached, 2 finished
    private bool _requestCounted;

    public UpstreamRequest(DownstreamStream owner, IHost host)
    {
        _owner = owner;
        Host = host;
    }

    public IHost Host { get; }

    public IStreamSender? Sender { get; private set; }

    public bool ResponseEnded { get; private set; }

    public void Attach(IStreamSender sender)
    {
        Sender = sender;
        _state = 1;
        _requestCounted = true;
        Host.Stats.OnRequestStart();
        Host.Cluster.Stats.OnRequestStart();
        sender.Stream.AddEventListener(this);
    }

    public void MarkFailed() => _state = 2;

    /// <summary>Abandons this try: resets the upstream stream unless the response already completed.</summary>
    public void Reset(StreamResetReason reason)
    {
        if (_state == 2)
        {
            return;
        }

        var wasAttached = _state == 1;
        _state = 2;
        EndCount();
        if (wasAttached && !ResponseEnded)
        {
            Sender!.Stream.RemoveEventListener(this);
            Sender.Stream.ResetStream(reason);
        }
    }

    /// <summary>
    /// The exchange finished from the proxy's point of view. <paramref name="requestComplete"/> false means the request
    /// body was not all sent (the response ended first, or the client went away): the upstream stream is reset so the
    /// upstream does not wait for the rest (HTTP/2 RST_STREAM; HTTP/1 closes the connection it can no longer reuse).
    /// </summary>
    public void Complete(bool requestComplete)
    {
        if (_state == 1 && (!ResponseEnded || !requestComplete))
        {
            // Done before the upstream response completed (e.g. the downstream went away): do not leave it half-read.
            Reset(StreamResetReason.LocalReset);
            return;
        }

        _state = 2;
        EndCount();
    }

    private void EndCount()
    {
        if (_requestCounted)
        {
            _requestCounted = false;
            Host.Stats.OnRequestEnd();
            Host.Cluster.Stats.OnRequestEnd();
        }
    }

    public void OnHeaders(IHeaderMap headers, bool endStream)
    {
        ResponseEnded = endStream;
        _owner.OnUpstreamHeaders(this, headers, endStream);
    }

    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        ResponseEnded = endStream;
        _owner.OnUpstreamData(this, data, endStream);
    }

    public void OnTrailers(IHeaderMap trailers)
    {
        ResponseEnded = true;
        _owner.OnUpstreamTrailers(this, trailers);
    }

    public void OnResetStream(StreamResetReason reason)
    {
        if (_state == 2)
        {
            return;
        }

        _owner.OnUpstreamReset(this, reason);
    }

    public void OnAboveWriteBufferHighWatermark() => _owner.OnUpstreamAboveHighWatermark(this);

    public void OnBelowWriteBufferLowWatermark() => _owner.OnUpstreamBelowLowWatermark(this);
}
