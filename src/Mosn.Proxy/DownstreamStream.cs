using System.Net;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;
using Mosn.Streams;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Proxy;

/// <summary>
/// One proxied request: receives the downstream request, runs the stream filters, matches a route, picks a cluster and
/// host, sends the request upstream through a pooled stream, and passes the response back.
/// </summary>
/// <remarks>
/// <para>Life of a request (MOSN's proxy phases):
/// <c>OnHeaders → BeforeRoute filters → route match → AfterRoute filters → cluster + host choice → AfterChooseHost filters
/// → pool stream (async) → request headers/body upstream → response headers → BeforeSend filters → response downstream</c>.</para>
/// <para>Threading: events arrive from the downstream read loop, the upstream read loop, timers and pool continuations.
/// Every entry point takes <c>_lock</c> (uncontended in the common case); all state is read and written under it.</para>
/// <para>Retries: only before any response byte went downstream, and only while the whole request body is still held
/// (bodies up to <see cref="ProxyConfig.RetryBufferLimit"/> are kept for replay).</para>
/// <para>Reuse: on an HTTP/1 connection the object serves the connection's next request (<see cref="Reuse"/>) when its
/// request ended cleanly and nothing can call it any more: one try, answered and fully forwarded, no stream filter
/// (a filter may keep the handler), no timer of its own (the connection's request timer had not fired for it), no
/// retry, gRPC deadline or other rare state, no flow control in force. Late calls from its upstream try are told apart
/// by the try's identity (a new <see cref="UpstreamRequest"/> each time); the HTTP/1 codec calls a stream only while it
/// is the connection's active one, from the connection's thread, which is also the thread that starts the next request.
/// A stream that does not qualify is left to the garbage collector, as before.</para>
/// </remarks>
internal sealed partial class DownstreamStream : IStreamReceiver, IStreamEventListener, IStreamReceiverFilterHandler,
    IStreamSenderFilterHandler, IRequestInfo, ILoadBalancerContext
{
    private readonly ProxyFilter _owner;
    private IStreamSender _responseSender; // set again when an HTTP/1 connection reuses the stream (Reuse)

    // The stream's own monitor (uncontended in the common case: a thin lock in the object header, no allocation). The
    // type is internal and never exposed, so nobody else locks it. A separate Lock object cost 40 B per request.
    private object _lock => this;

    private StreamFilterChain? _filters;
    private IHeaderMap _requestHeaders = null!;
    private IHeaderMap? _responseHeaders; // the upstream's, once accepted: returned to HeaderMapPool with the request's
    private bool _downstreamEnded;
    private bool _responseStarted;
    private bool _done;
    private bool _downstreamReadDisabled;
    private int _upstreamReadDisables;

    private StreamFilterPhase _phase;

    private IRoute? _route;
    private IRouteRule? _rule;
    private IClusterSnapshot? _cluster;
    private IHost? _host;
    private string _upstreamProtocol = "";
    private bool _headersFinalized;
    private UpstreamRequest? _upstream;
    private int _attempts;
    private HostCandidates _candidates; // the balancer's hosts for this request; retries take the next one
    private bool _candidatesTaken;
    private ulong? _hashKey;
    private bool _hashKeyComputed;
    private long _tryStart; // TimeProvider timestamp of the current try's start, for the outcome's latency

    private ITimer? _globalTimer;
    private long _globalTimerTicket; // not 0: the route timeout runs on the connection's request timer (ProxyFilter)
    private EndPoint? _upstreamLocalAddress;
    private bool _isGrpc;

    // Not cold state: every request with a body on a route without retry_on clears the first, every RPC frame carries a
    // timeout for the second, and in the cold object they cost it (~120 B) per RPC.
    private bool _bodyReplayable = true; // the held request body can still be replayed by a retry
    private TimeSpan? _callTimeout; // the call's own deadline (grpc-timeout, an RPC frame's timeout)

    // Retries, held bodies, trailers, paused filters: DownstreamStream.Cold.cs.

    private DateTimeOffset _startTime;
    private int _responseCode;
    private long _bytesReceived;
    private long _bytesSent;
    private ResponseFlags _flags;

    public DownstreamStream(ProxyFilter owner, IStreamSender responseSender)
    {
        _owner = owner;
        _responseSender = responseSender;
    }

    private ProxyConfig Config => _owner.Factory.Config;

    private readonly int _hashCode = IdentityHash.Next();

    /// <summary>A stored hash code (see <see cref="IdentityHash"/>): hashing must not take the object header the lock uses.</summary>
    public override int GetHashCode() => _hashCode;

    /// <summary>Reference equality.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    // ---------------------------------------------------------------- downstream request

    public void OnHeaders(IHeaderMap headers, bool endStream)
    {
        lock (_lock)
        {
            _startTime = _owner.Factory.Context.TimeProvider.GetUtcNow();
            ProxyStats.Instance.OnRequest();
            _requestHeaders = headers;
            _downstreamEnded = endStream;
            _isGrpc = Grpc.IsGrpc(headers);
            _responseSender.Stream.AddEventListener(this);
            if (!endStream)
            {
                // Hold the body back until an upstream stream exists (backpressure to the client, not buffering).
                _downstreamReadDisabled = true;
                _responseSender.Stream.ReadDisable(true);
            }

            if (_owner.Factory.StreamFilters.Count > 0)
            {
                _filters = StreamFilterChain.Create(_owner.Factory.StreamFilters);
            }

            ApplyForwardedHeaders(headers);
            Advance(StreamFilterPhase.BeforeRoute, 0);
        }
    }

    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (_lock)
        {
            if (_done)
            {
                return; // the response is already complete (e.g. a local reply); drop the rest of the body
            }

            _bytesReceived += data.Length;
            if (endStream)
            {
                _downstreamEnded = true;
            }

            var sender = _upstream?.Sender;
            if (sender is null)
            {
                Hold(data, force: true);
            }
            else
            {
                Hold(data, force: false);
                sender.SendData(data, endStream);
            }

            if (endStream)
            {
                StartGlobalTimer();
                if (sender is not null)
                {
                    StartPerTryTimer();
                }
            }
        }
    }

    public void OnTrailers(IHeaderMap trailers)
    {
        lock (_lock)
        {
            if (_done)
            {
                return;
            }

            RequestTrailers = trailers;
            _downstreamEnded = true;
            StartGlobalTimer();
            if (_upstream?.Sender is { } sender)
            {
                sender.SendTrailers(trailers);
                StartPerTryTimer();
            }
        }
    }

    /// <summary>Keeps a copy of request body bytes: always while no upstream stream exists, else while a retry could still replay them.</summary>
    private void Hold(in ReadOnlySequence<byte> data, bool force)
    {
        if (data.IsEmpty || (!force && !_bodyReplayable))
        {
            return;
        }

        if (!force && _rule?.RetryPolicy is not { RetryOn: true, NumRetries: > 0 })
        {
            // Once a try is under way only retry_on can retry it (connect failures are retried before that):
            // without it the copy could never be replayed.
            _bodyReplayable = false;
            HeldBody = null;
            HeldBodyBytes = 0;
            return;
        }

        if (!force && HeldBodyBytes + data.Length > Config.RetryBufferLimit)
        {
            _bodyReplayable = false;
            HeldBody = null;
            HeldBodyBytes = 0;
            return;
        }

        if (HeldBodyBytes + data.Length > Config.RetryBufferLimit)
        {
            _bodyReplayable = false;
        }

        (HeldBody ??= []).Add(data.ToArray());
        HeldBodyBytes += data.Length;
    }

    private void ApplyForwardedHeaders(IHeaderMap headers)
    {
        if (_owner.Protocol?.Name is not (ProtocolNames.Http1 or ProtocolNames.Http2))
        {
            return; // X-Forwarded-* are HTTP headers; an RPC protocol would carry them upstream in its own header block
        }

        var scheme = headers.Get(PseudoHeaders.Scheme) ?? "http";
        if (Config.UseRemoteAddress)
        {
            if (_owner.Connection.RemoteAddress is IPEndPoint ip)
            {
                var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4().ToString() : ip.Address.ToString();
                var existing = headers.Get("x-forwarded-for");
                headers.Set("x-forwarded-for", string.IsNullOrEmpty(existing) ? address : $"{existing}, {address}");
            }

            headers.Set("x-forwarded-proto", scheme);
        }
        else if (!headers.TryGet("x-forwarded-proto", out _))
        {
            headers.Set("x-forwarded-proto", scheme);
        }
    }

    // ---------------------------------------------------------------- phases

    private void Advance(StreamFilterPhase phase, int start)
    {
        while (!_done)
        {
            if (_filters is not null)
            {
                _phase = phase;
                StreamFilterStatus status;
                int resumeAt;
                try
                {
                    status = _filters.RunReceivers(phase, start, this, _requestHeaders, _downstreamEnded, out resumeAt);
                }
                catch (Exception ex)
                {
                    Log.FilterFailed(_owner.Factory.Logger, ex);
                    LocalReply(500, null, null, ResponseFlags.LocalReply);
                    return;
                }

                if (status == StreamFilterStatus.Stop)
                {
                    if (!_done)
                    {
                        FilterPaused = true;
                        PausedPhase = phase;
                        ResumeAt = resumeAt;
                    }

                    return;
                }

                if (status == StreamFilterStatus.Termination)
                {
                    if (!_done)
                    {
                        // The filter ended the stream without replying: answer for it rather than leave the client hanging.
                        LocalReply(500, null, null, ResponseFlags.LocalReply);
                    }

                    return;
                }
            }

            start = 0;
            switch (phase)
            {
                case StreamFilterPhase.BeforeRoute:
                    if (!MatchRoute())
                    {
                        return;
                    }

                    phase = StreamFilterPhase.AfterRoute;
                    break;
                case StreamFilterPhase.AfterRoute:
                    if (!ChooseHost())
                    {
                        return;
                    }

                    phase = StreamFilterPhase.AfterChooseHost;
                    break;
                default:
                    StartUpstream();
                    return;
            }
        }
    }

    public void ContinueReceiving()
    {
        lock (_lock)
        {
            if (!FilterPaused || _done)
            {
                return;
            }

            FilterPaused = false;
            Advance(PausedPhase, ResumeAt);
        }
    }

    private bool MatchRoute()
    {
        var table = _owner.Factory.Context.RouterManager.GetRouteTable(Config.RouterConfigName);
        _route = table?.Match(_requestHeaders);
        if (_route is null)
        {
            ProxyStats.Instance.OnNoRoute();
            LocalReply(404, null, null, ResponseFlags.NoRouteFound);
            return false;
        }

        if (_route.DirectResponse is { } direct)
        {
            LocalReply(direct.StatusCode, direct.Body, null, ResponseFlags.LocalReply);
            return false;
        }

        if (_route.Redirect is { } redirect)
        {
            LocalReply(redirect.ResponseCode, null, [new("location", redirect.BuildLocation(_requestHeaders))], ResponseFlags.LocalReply);
            return false;
        }

        _rule = _route.RouteRule;
        if (_rule is null)
        {
            ProxyStats.Instance.OnNoRoute();
            LocalReply(404, null, null, ResponseFlags.NoRouteFound);
            return false;
        }

        if (_isGrpc && Grpc.TryParseTimeout(_requestHeaders.Get("grpc-timeout"), out var deadline))
        {
            // The call's deadline replaces the route timeout and runs from now: it covers the whole call.
            _callTimeout = deadline;
        }
        else if (_requestHeaders.Get(PseudoHeaders.RequestTimeout) is { } ms
            && long.TryParse(ms, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var millis)
            && millis > 0)
        {
            // An RPC frame's own timeout (Bolt, Dubbo), as MOSN uses it.
            _callTimeout = TimeSpan.FromMilliseconds(Math.Min(millis, (long)int.MaxValue));
        }

        if (_downstreamEnded || _callTimeout is not null)
        {
            // As in Envoy, the route timeout runs from the end of the request (here: as soon as the route is known).
            StartGlobalTimer();
        }

        return true;
    }

    private bool ChooseHost()
    {
        var rule = _rule!;
        if (_cluster is null)
        {
            var clusterName = rule.SelectCluster(_requestHeaders);
            _cluster = string.IsNullOrEmpty(clusterName) ? null : _owner.Factory.Context.ClusterManager.GetClusterSnapshot(clusterName);
            if (_cluster is null)
            {
                LocalReply(503, null, null, ResponseFlags.NoClusterFound);
                return false;
            }

            _upstreamProtocol = rule.UpstreamProtocol ?? Config.UpstreamProtocol ?? _owner.Protocol?.Name ?? ProtocolNames.Http1;
        }

        if (!_headersFinalized)
        {
            if (rule.HashPolicy.Count > 0)
            {
                // Hash the request as the client sent it, before the route's header edits.
                ComputeHashKey();
            }

            _headersFinalized = true;
            rule.FinalizeRequestHeaders(_requestHeaders);
        }

        _host = NextCandidate(_cluster);
        if (_host is null)
        {
            ProxyStats.Instance.OnNoHealthyUpstream();
            LocalReply(503, null, null, ResponseFlags.NoHealthyUpstream);
            return false;
        }

        if (rule is Mosn.Router.RouteRule { AutoHostRewrite: true } && !string.IsNullOrEmpty(_host.Hostname))
        {
            _requestHeaders.Set(PseudoHeaders.Authority, _host.Hostname);
        }

        return true;
    }

    /// <summary>
    /// The next host of the request's candidate sequence (the balancer's pick first, then the other healthy hosts, each
    /// once). When every candidate has been tried, a fresh sequence starts: another try on a host already tried beats
    /// no try at all. Null when the cluster has no healthy host.
    /// </summary>
    private IHost? NextCandidate(IClusterSnapshot cluster)
    {
        if (!_candidatesTaken)
        {
            _candidatesTaken = true;
            _candidates = cluster.LoadBalancer.Candidates(this);
        }

        while (_candidates.MoveNext())
        {
            var host = _candidates.Current;
            if (TriedHosts is null || !TriedHosts.Contains(host))
            {
                return host;
            }
        }

        _candidates = cluster.LoadBalancer.Candidates(this);
        return _candidates.MoveNext() ? _candidates.Current : null;
    }

    private ulong? ComputeHashKey()
    {
        if (!_hashKeyComputed)
        {
            _hashKeyComputed = true;
            _hashKey = HashKeys.Compute(_rule?.HashPolicy ?? [], _requestHeaders, _owner.Connection.RemoteAddress);
        }

        return _hashKey;
    }

    // ---------------------------------------------------------------- filter handler / request info / LB context

    public StreamFilterPhase Phase => _phase;

    public IHeaderMap RequestHeaders => _requestHeaders;

    public IRoute? Route => _route;

    public IRequestInfo RequestInfo => this;

    public IConnection Connection => _owner.Connection;

    public void SendLocalReply(int statusCode, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        lock (_lock)
        {
            LocalReply(statusCode, body, headers, ResponseFlags.LocalReply | (statusCode >= 400 ? ResponseFlags.FaultInjected : 0));
        }
    }

    /// <summary>Lets a filter set response flags (e.g. <see cref="ResponseFlags.DelayInjected"/>).</summary>
    internal void AddFlags(ResponseFlags flags)
    {
        lock (_lock)
        {
            _flags |= flags;
        }
    }

    public DateTimeOffset StartTime => _startTime;

    public string Protocol => _owner.Protocol?.Name ?? "";

    public int ResponseCode => _responseCode;

    public long BytesReceived => _bytesReceived;

    public long BytesSent => _bytesSent;

    public IHost? UpstreamHost => _host;

    public ResponseFlags ResponseFlags => _flags;

    public EndPoint? DownstreamRemoteAddress => _owner.Connection.RemoteAddress;

    public EndPoint? DownstreamLocalAddress => _owner.Connection.LocalAddress;

    public EndPoint? UpstreamLocalAddress => _upstreamLocalAddress;

    IHeaderMap? ILoadBalancerContext.DownstreamHeaders => _requestHeaders;

    IConnection? ILoadBalancerContext.DownstreamConnection => _owner.Connection;

    IReadOnlyDictionary<string, string>? ILoadBalancerContext.MetadataMatch =>
        _cluster is { } cluster ? _rule?.GetMetadataMatch(cluster.Info.Name) : _rule?.MetadataMatch;

    ulong? ILoadBalancerContext.HashKey => ComputeHashKey();

    bool ILoadBalancerContext.ShouldSelectAnotherHost(IHost host) => TriedHosts is not null && TriedHosts.Contains(host);
}
