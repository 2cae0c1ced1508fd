using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy;

/// <summary>
/// The <c>proxy</c> read filter of one downstream connection: detects or fixes the protocol, feeds bytes to the
/// protocol's server stream connection, and turns each decoded request stream into a <see cref="DownstreamStream"/>.
/// </summary>
internal sealed class ProxyFilter : IReadFilter, IServerStreamConnectionCallbacks, IConnectionEventListener
{
    private readonly ProxyFilterChainFactory _factory;
    private readonly IConnection _connection;
    // The active streams: one field while the connection has never had two at once (always so for HTTP/1, which
    // carries one at a time), then a set. An idle HTTP/1 connection holds no collection. Guarded by _lock.
    private DownstreamStream? _onlyStream;
    private HashSet<DownstreamStream>? _moreStreams;
    private IServerStreamConnection? _streamConnection;
    private IProtocol? _protocol;
    private DownstreamStream? _spare; // HTTP/1: the last request's stream, kept for the next (see Recycle)
    private bool _fallback;
    private bool _goAway; // guarded by _lock
    private IReadFilterCallbacks? _callbacks;
    private ITimer? _detectionTimer;

    // One request-timeout timer per connection serving the route timeouts of all its streams (HTTP/1 one after another,
    // HTTP/2 and the multiplexed RPC protocols many at once), instead of a timer created and disposed per request.
    // Guarded by _lock.
    private ITimer? _requestTimer;
    private RequestDeadlineQueue<DownstreamStream>? _deadlines;
    private long _requestTimerDueAt = long.MaxValue; // when the timer is set to fire (timestamp); MaxValue: not set

    /// <summary>
    /// With a fallback configured, a connection whose client has sent nothing detectable by then is handed to the next
    /// filter (server-speaks-first protocols through tcp_proxy), as MOSN does on its 15 s read timeout.
    /// </summary>
    internal static readonly TimeSpan DetectionTimeout = TimeSpan.FromSeconds(15);

    public ProxyFilter(ProxyFilterChainFactory factory, IConnection connection)
    {
        _factory = factory;
        _connection = connection;
        connection.AddConnectionEventListener(this);
    }

    public IConnection Connection => _connection;

    public ProxyFilterChainFactory Factory => _factory;

    public IProtocol? Protocol => _protocol;

    /// <summary>Response counters of the connection's protocol (null until the protocol is known).</summary>
    public DownstreamResponseStats? ResponseStats { get; private set; }

    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks) => _callbacks = callbacks;

    public FilterStatus OnNewConnection()
    {
        ProxyStats.Instance.OnDownstreamConnection();

        if (_factory.Config.FallbackForUnknownProtocol && _factory.DownstreamProtocol is null)
        {
            _detectionTimer = _factory.Context.TimeProvider.CreateTimer(
                static s => ((ProxyFilter)s!).OnDetectionTimeout(), this, DetectionTimeout, Timeout.InfiniteTimeSpan);
        }

        // Later filters (tcp_proxy) only ever see a connection the proxy gave up on (fallback).
        return FilterStatus.StopIteration;
    }

    private void OnDetectionTimeout()
    {
        lock (_lock)
        {
            if (_streamConnection is not null || _fallback || _connection.State == ConnectionState.Closed)
            {
                return;
            }

            _fallback = true;
        }

        ProxyStats.Instance.OnProtocolDetectionFailure();
        Log.ProtocolFallback(_factory.Logger, _connection.Id);
        _callbacks?.ContinueReading();
    }

    public FilterStatus OnData(ReadBuffer buffer)
    {
        if (Volatile.Read(ref _fallback))
        {
            return FilterStatus.Continue;
        }

        if (_streamConnection is null)
        {
            IProtocol? protocol;
            lock (_lock)
            {
                protocol = _fallback ? null : _factory.DownstreamProtocol ?? Detect(buffer);
                if (protocol is null)
                {
                    // Need more bytes, the connection was closed, or detection failed and the next filter takes over.
                    return _fallback ? FilterStatus.Continue : FilterStatus.StopIteration;
                }

                _detectionTimer?.Dispose();
                _detectionTimer = null;
                _protocol = protocol;
                ResponseStats = DownstreamResponseStats.For(protocol.Name);
                _streamConnection = protocol.CreateServerStreamConnection(_connection, this, _factory.ProtocolOptions);
                if (_goAway)
                {
                    // Drained before its first request was decoded: the request is served, and the connection closes after it.
                    _streamConnection.GoAway();
                }
            }
        }

        _streamConnection.Dispatch(buffer);
        return FilterStatus.StopIteration;
    }

    private IProtocol? Detect(ReadBuffer buffer)
    {
        var again = false;
        foreach (var protocol in _factory.DetectionScope)
        {
            switch (protocol.Match(buffer.Data))
            {
                case MatchResult.Success:
                    return protocol;
                case MatchResult.Again:
                    again = true;
                    break;
            }
        }

        if (!again || buffer.IsEndOfStream || buffer.Length > 64)
        {
            ProxyStats.Instance.OnProtocolDetectionFailure();
            if (_factory.Config.FallbackForUnknownProtocol)
            {
                // MOSN's fallback_for_unknown_protocol: the bytes go, untouched, to the next filter (tcp_proxy).
                _fallback = true;
                Log.ProtocolFallback(_factory.Logger, _connection.Id);
                return null;
            }

            // No protocol claims these bytes.
            Log.UnknownProtocol(_factory.Logger, _connection.Id);
            buffer.ConsumeAll();
            _connection.Close(ConnectionCloseType.NoFlush);
        }

        return null;
    }

    public IStreamReceiver OnNewStream(IStreamSender responseSender)
    {
        var stream = Interlocked.Exchange(ref _spare, null);
        if (stream is null)
        {
            stream = new DownstreamStream(this, responseSender);
        }
        else
        {
            stream.Reuse(responseSender);
        }

        lock (_lock)
        {
            AddStreamLocked(stream);
        }

        return stream;
    }

    /// <summary>
    /// Keeps <paramref name="stream"/>, which ended cleanly and which nothing can call any more (see
    /// <see cref="DownstreamStream"/>'s remarks on reuse), for this connection's next request. Only on an HTTP/1
    /// connection: its requests come one at a time, and every call its codec makes into a stream comes from the
    /// connection's own thread, the one that starts the next request.
    /// </summary>
    internal void Recycle(DownstreamStream stream)
    {
        if (_protocol?.Name == ProtocolNames.Http1 && _connection.State != ConnectionState.Closed)
        {
            Volatile.Write(ref _spare, stream);
        }
    }

    internal void OnStreamDone(DownstreamStream stream)
    {
        int remaining;
        lock (_lock)
        {
            RemoveStreamLocked(stream);
            remaining = StreamCountLocked;
        }

        if (remaining == 0 && _factory.Draining)
        {
            CloseWhenIdleAfterGrace();
        }
    }

    /// <summary>
    /// How long a drained connection stays open without a request in flight: a request the client was sending while the
    /// GOAWAY (or, for HTTP/1, the drain) happened is then served (HTTP/1, with <c>Connection: close</c>) or refused by the
    /// codec (HTTP/2's REFUSED_STREAM), which clients retry, rather than cut by the close.
    /// </summary>
    internal static readonly TimeSpan DrainCloseGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Stops new streams on this connection (graceful shutdown): HTTP/1 closes after the current or next response,
    /// multiplexed protocols send GOAWAY. A connection with no request in flight closes after <see cref="DrainCloseGrace"/>.
    /// </summary>
    public void GoAway()
    {
        IServerStreamConnection? streamConnection;
        lock (_lock)
        {
            if (_goAway)
            {
                return;
            }

            _goAway = true;
            streamConnection = _streamConnection;
        }

        streamConnection?.GoAway();
        CloseWhenIdleAfterGrace();
    }

    private void CloseWhenIdleAfterGrace()
    {
        _ = Task.Delay(DrainCloseGrace, _factory.Context.TimeProvider).ContinueWith(static (_, state) =>
        {
            var self = (ProxyFilter)state!;
            bool idle;
            lock (self._lock)
            {
                idle = self.StreamCountLocked == 0;
            }

            if (idle)
            {
                self._connection.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.OnShutdown);
            }
        }, this, TaskScheduler.Default);
    }

    /// <summary>
    /// Arms the connection's request timer for <paramref name="stream"/>: <see cref="DownstreamStream.OnGlobalTimeout"/>
    /// runs after <paramref name="due"/> unless <see cref="DisarmRequestTimer"/> comes first. Returns the ticket to
    /// disarm with, or 0 when the shared timer cannot take the stream (its deadline is earlier than one already queued,
    /// too many are queued, or the connection is closed): the caller then creates its own timer.
    /// </summary>
    /// <remarks>
    /// The timer itself is only moved when it would fire after the new deadline: a firing before it finds the earliest
    /// deadline not reached and re-arms for the rest, and a firing with nothing queued does nothing. So a stream of
    /// requests with the same timeout costs no timer operation at all (one firing per timeout period instead of a timer
    /// created and disposed, or two <see cref="ITimer.Change"/> calls, per request).
    /// </remarks>
    internal long TryArmRequestTimer(DownstreamStream stream, TimeSpan due)
    {
        var time = _factory.Context.TimeProvider;
        lock (_lock)
        {
            if (_connection.State == ConnectionState.Closed)
            {
                return 0;
            }

            var deadline = time.GetTimestamp() + (long)(due.TotalSeconds * time.TimestampFrequency);
            var ticket = (_deadlines ??= new()).TryAdd(stream, deadline);
            if (ticket != 0 && _requestTimerDueAt > deadline)
            {
                _requestTimer ??= time.CreateTimer(static s => ((ProxyFilter)s!).OnRequestTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _requestTimer.Change(due, Timeout.InfiniteTimeSpan);
                _requestTimerDueAt = deadline;
            }

            return ticket;
        }
    }

    /// <summary>
    /// Takes <paramref name="stream"/>'s deadline (armed with <paramref name="ticket"/>) off the connection's timer.
    /// Idempotent. The timer is left set: when it fires early it re-arms for the earliest deadline still queued, or does
    /// nothing (see <see cref="TryArmRequestTimer"/>).
    /// </summary>
    /// <returns>False when the deadline was no longer queued: it expired and its timeout is being delivered.</returns>
    internal bool DisarmRequestTimer(DownstreamStream stream, long ticket)
    {
        lock (_lock)
        {
            return _deadlines?.Remove(ticket, stream) ?? false;
        }
    }

    private void OnRequestTimer()
    {
        List<DownstreamStream>? timedOut = null; // allocated only when a request timed out
        lock (_lock)
        {
            _requestTimerDueAt = long.MaxValue;
            if (_deadlines is not { } deadlines)
            {
                return;
            }

            var time = _factory.Context.TimeProvider;
            var now = time.GetTimestamp();
            while (deadlines.PopExpired(now) is { } expired)
            {
                (timedOut ??= []).Add(expired);
            }

            // Early for the earliest deadline: set for a request that has finished since, or the timer queue's coarser
            // clock firing a little before the precise deadline. Re-arm for what is left.
            if (deadlines.TryPeekDeadline(out var next) && _connection.State != ConnectionState.Closed)
            {
                var due = TimeSpan.FromSeconds((double)(next - now) / time.TimestampFrequency);
                _requestTimer?.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
                _requestTimerDueAt = next;
            }
        }

        if (timedOut is not null)
        {
            foreach (var stream in timedOut)
            {
                stream.OnGlobalTimeout();
            }
        }
    }

    // The filter is internal and never handed out, so nobody else locks it.
    private object _lock => this;

    private readonly int _hashCode = IdentityHash.Next();

    /// <summary>A stored hash code (see <see cref="IdentityHash"/>): the factory's filter set must not take the object header the lock uses.</summary>
    public override int GetHashCode() => _hashCode;

    /// <summary>Reference equality.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    private int StreamCountLocked => _moreStreams?.Count ?? (_onlyStream is null ? 0 : 1);

    private void AddStreamLocked(DownstreamStream stream)
    {
        if (_moreStreams is { } more)
        {
            more.Add(stream);
        }
        else if (_onlyStream is null)
        {
            _onlyStream = stream;
        }
        else
        {
            _moreStreams = [_onlyStream, stream];
            _onlyStream = null;
        }
    }

    private void RemoveStreamLocked(DownstreamStream stream)
    {
        if (_moreStreams is { } more)
        {
            more.Remove(stream); // kept once created: a multiplexed connection's count goes up and down all the time
        }
        else if (_onlyStream == stream)
        {
            _onlyStream = null;
        }
    }

    public int ActiveStreamCount
    {
        get
        {
            lock (_lock)
            {
                return StreamCountLocked;
            }
        }
    }

    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (!connectionEvent.IsClose())
        {
            return;
        }

        ProxyStats.Instance.OnDownstreamConnectionClosed();
        _factory.OnFilterClosed(this);
        _detectionTimer?.Dispose();
        DownstreamStream[] streams;
        lock (_lock)
        {
            streams = _moreStreams is { } more ? [.. more] : _onlyStream is { } only ? [only] : [];
            _requestTimer?.Dispose();
            _deadlines?.Clear();
        }

        // The protocol resets its streams on close; this covers streams it no longer tracks (e.g. a response already
        // written but the upstream side still open).
        foreach (var s in streams)
        {
            s.OnDownstreamConnectionClosed();
        }
    }
}
