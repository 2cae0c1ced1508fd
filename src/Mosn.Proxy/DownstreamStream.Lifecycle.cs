using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Proxy;

internal sealed partial class DownstreamStream
{
    /// <summary>
    /// Answers downstream with a response made by the proxy (no route, no host, timeouts, filter replies). If response
    /// bytes already went out, a clean answer is impossible: the downstream stream is reset instead.
    /// </summary>
    private void LocalReply(int status, string? body, IEnumerable<KeyValuePair<string, string>>? headers, ResponseFlags flags)
    {
        if (_done)
        {
            return;
        }

        _flags |= flags;
        var upstream = _upstream;
        _upstream = null;
        upstream?.Reset(StreamResetReason.LocalReset);
        if (_responseStarted)
        {
            _responseSender.Stream.ResetStream(StreamResetReason.LocalReset);
            Finish();
            return;
        }

        ProxyStats.Instance.OnLocalReply();
        Log.LocalReply(_owner.Factory.Logger, status, _flags, _requestHeaders?.Get(PseudoHeaders.Method), _requestHeaders?.Get(PseudoHeaders.Path));
        if (_isGrpc && status >= 400)
        {
            GrpcLocalReply(status, body, headers);
            return;
        }

        var response = new HeaderMap(4);
        response.Set(PseudoHeaders.Status, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                response.Add(name, value);
            }
        }

        var bytes = string.IsNullOrEmpty(body) ? null : Encoding.UTF8.GetBytes(body);
        if (bytes is not null)
        {
            response.Set("content-type", "text/plain");
        }

        response.Set("content-length", (bytes?.Length ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _responseCode = status;
        _responseStarted = true;
        _responseSender.SendHeaders(response, bytes is null);
        if (bytes is not null)
        {
            _bytesSent += bytes.Length;
            _responseSender.SendData(new ReadOnlySequence<byte>(bytes), endStream: true);
        }

        Finish();
    }

    /// <summary>Answers a gRPC call with a trailers-only response carrying the gRPC status for <paramref name="status"/>.</summary>
    private void GrpcLocalReply(int status, string? body, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        var message = body ?? (_flags switch
        {
            var f when (f & ResponseFlags.UpstreamRequestTimeout) != 0 => "upstream request timeout",
            var f when (f & ResponseFlags.NoRouteFound) != 0 => "no route",
            var f when (f & (ResponseFlags.NoHealthyUpstream | ResponseFlags.NoClusterFound)) != 0 => "no healthy upstream",
            var f when (f & ResponseFlags.UpstreamConnectionFailure) != 0 => "upstream connect error",
            var f when (f & ResponseFlags.UpstreamOverflow) != 0 => "upstream overflow",
            _ => $"proxy answered {status.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        });
        var response = Grpc.TrailersOnly(Grpc.StatusFor(status, _flags), message);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                response.Add(name, value);
            }
        }

        _responseCode = status;
        _responseStarted = true;
        _responseSender.SendHeaders(response, endStream: true);
        Finish();
    }

    /// <summary>Ends the proxy's part of the stream: timers, filters, flow control, stats. Idempotent.</summary>
    private void Finish()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        var reusable = _filters is null && _cold is null && _globalTimer is null && !_isGrpc && _attempts == 1
            && _flags == ResponseFlags.None && _downstreamEnded && _responseStarted && _upstream is { ResponseEnded: true }
            && _upstreamReadDisables == 0 && !_downstreamReadDisabled;
        _globalTimer?.Dispose();
        _globalTimer = null;
        if (_globalTimerTicket != 0)
        {
            // False when the timer already took this stream: its OnGlobalTimeout may still be on its way.
            reusable &= _owner.DisarmRequestTimer(this, _globalTimerTicket);
            _globalTimerTicket = 0;
        }

        CancelPerTryTimer();
        if (_upstream is { } upstream)
        {
            // Give back the upstream reads we paused (a connection may outlive this stream and be reused).
            for (; _upstreamReadDisables > 0; _upstreamReadDisables--)
            {
                upstream.Sender?.Stream.ReadDisable(false);
            }

            upstream.Complete(requestComplete: _downstreamEnded);
        }

        if (RetrySlotHeld)
        {
            RetrySlotHeld = false;
            RetryCluster?.OnRetryEnd();
        }

        _filters?.Destroy();
        _filters = null;
        HeldBody = null;
        PausedResponseData = null;
        PausedResponseHeaders = null;
        ReleaseHeaders();
        if (_downstreamReadDisabled)
        {
            _downstreamReadDisabled = false;
            _responseSender.Stream.ReadDisable(false);
        }

        ProxyStats.Instance.OnRequestDone();
        _owner.ResponseStats?.Record(_responseCode, _owner.Factory.Context.TimeProvider.GetUtcNow() - _startTime);
        _owner.OnStreamDone(this);
        if (reusable)
        {
            _responseSender.Stream.RemoveEventListener(this);
            _owner.Recycle(this);
        }
    }

    /// <summary>
    /// Makes this ended stream a new one for the next request of its HTTP/1 connection: every field back to a new
    /// stream's value. Takes the lock, so it waits for the thread that finished the last request (which may still be
    /// returning through the stream's methods) to leave it.
    /// </summary>
    internal void Reuse(IStreamSender responseSender)
    {
        lock (_lock)
        {
            _responseSender = responseSender;
            _filters = null;
            _requestHeaders = null!;
            _responseHeaders = null;
            _downstreamEnded = false;
            _responseStarted = false;
            _done = false;
            _downstreamReadDisabled = false;
            _upstreamReadDisables = 0;
            _phase = default;
            _route = null;
            _rule = null;
            _cluster = null;
            _host = null;
            _upstreamProtocol = "";
            _headersFinalized = false;
            _upstream = null;
            _attempts = 0;
            _candidates = default;
            _candidatesTaken = false;
            _hashKey = null;
            _hashKeyComputed = false;
            _tryStart = 0;
            _globalTimer = null;
            _globalTimerTicket = 0;
            _upstreamLocalAddress = null;
            _isGrpc = false;
            _bodyReplayable = true;
            _callTimeout = null;
            _startTime = default;
            _responseCode = 0;
            _bytesReceived = 0;
            _bytesSent = 0;
            _flags = ResponseFlags.None;
            _cold = null;
        }
    }

    /// <summary>
    /// The stream's last use of its header maps is over (filters destroyed, so the access log is written; every later
    /// entry point sees <c>_done</c>): maps the codecs rented go back to <see cref="HeaderMapPool"/>. The request map is
    /// replaced by an empty read-only one, so a late reader (a filter's timer) sees no headers rather than another
    /// request's.
    /// </summary>
    private void ReleaseHeaders()
    {
        HeaderMapPool.Return(_responseHeaders);
        _responseHeaders = null;
        HeaderMapPool.Return(_requestHeaders); // last: the next map rented on this thread is most often a request's
        _requestHeaders = EmptyHeaderMap.Instance;
    }

    // ---------------------------------------------------------------- downstream events

    /// <summary>The downstream stream was reset (client went away, protocol error): stop the upstream side.</summary>
    public void OnResetStream(StreamResetReason reason)
    {
        lock (_lock)
        {
            if (_done)
            {
                return;
            }

            _flags |= ResponseFlags.DownstreamConnectionTermination;
            var upstream = _upstream;
            _upstream = null;
            upstream?.Reset(StreamResetReason.LocalReset);
            Finish();
        }
    }

    internal void OnDownstreamConnectionClosed() => OnResetStream(StreamResetReason.ConnectionTermination);

    /// <summary>
    /// The client reads slower than the upstream sends (the downstream connection's send buffer, or for HTTP/2 the
    /// stream's flow-control queue, passed its high watermark): stop reading the upstream.
    /// </summary>
    public void OnAboveWriteBufferHighWatermark() => OnDownstreamAboveHighWatermark();

    /// <summary>The downstream drained: resume reading the upstream.</summary>
    public void OnBelowWriteBufferLowWatermark() => OnDownstreamBelowLowWatermark();

    private void OnDownstreamAboveHighWatermark()
    {
        lock (_lock)
        {
            if (_upstream?.Sender is { } sender && !_done)
            {
                _upstreamReadDisables++;
                sender.Stream.ReadDisable(true);
            }
        }
    }

    private void OnDownstreamBelowLowWatermark()
    {
        lock (_lock)
        {
            if (_upstreamReadDisables > 0 && _upstream?.Sender is { } sender)
            {
                _upstreamReadDisables--;
                sender.Stream.ReadDisable(false);
            }
        }
    }

    /// <summary>The upstream reads slower than the client sends: stop reading the client.</summary>
    internal void OnUpstreamAboveHighWatermark(UpstreamRequest upstream)
    {
        lock (_lock)
        {
            if (!_done && ReferenceEquals(upstream, _upstream) && !_downstreamReadDisabled && !_downstreamEnded)
            {
                _downstreamReadDisabled = true;
                _responseSender.Stream.ReadDisable(true);
            }
        }
    }

    internal void OnUpstreamBelowLowWatermark(UpstreamRequest upstream)
    {
        lock (_lock)
        {
            if (!_done && ReferenceEquals(upstream, _upstream) && _downstreamReadDisabled && upstream.Sender is not null)
            {
                _downstreamReadDisabled = false;
                _responseSender.Stream.ReadDisable(false);
            }
        }
    }
}
