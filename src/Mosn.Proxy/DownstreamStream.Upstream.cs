using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy;

internal sealed partial class DownstreamStream
{
    /// <summary>Most times a request the upstream refused unprocessed is sent again.</summary>
    private const int MaxRefusedRetries = 3;

    private void StartUpstream()
    {
        var cluster = _host!.Cluster;
        if (cluster.MaxRequests > 0 && cluster.Stats.ActiveRequests >= cluster.MaxRequests)
        {
            // Circuit breaker max_requests: answer at once rather than queue past the limit.
            cluster.Stats.OnRequestOverflow();
            ProxyStats.Instance.OnUpstreamOverflow();
            LocalReply(503, null, null, ResponseFlags.UpstreamOverflow);
            return;
        }

        _attempts++;
        _tryStart = _owner.Factory.Context.TimeProvider.GetTimestamp();
        var upstream = new UpstreamRequest(this, _host!);
        _upstream = upstream;
        var pool = _owner.Factory.Context.ClusterManager.GetConnectionPool(_host!, _upstreamProtocol);
        var pending = pool.NewStreamAsync(upstream, CancellationToken.None);
        if (pending.IsCompleted)
        {
            OnPoolResult(upstream, pending.Result);
        }
        else
        {
            _ = AwaitPoolAsync(upstream, pending);
        }
    }

    /// <summary>The outcome of the current try with its latency (from the try's start until now).</summary>
    private HostOutcome Timed(HostOutcome outcome) =>
        outcome with { Latency = _owner.Factory.Context.TimeProvider.GetElapsedTime(_tryStart) };

    private async Task AwaitPoolAsync(UpstreamRequest upstream, ValueTask<PoolStreamResult> pending)
    {
        PoolStreamResult result;
        try
        {
            result = await pending;
        }
        catch (Exception ex)
        {
            // A pool must report failures as values; treat a throw as a connect failure so the request still gets an answer.
            Log.FilterFailed(_owner.Factory.Logger, ex);
            result = new PoolStreamResult(null, PoolFailureReason.ConnectionFailure, false);
        }

        lock (_lock)
        {
            OnPoolResult(upstream, result);
        }
    }

    private void OnPoolResult(UpstreamRequest upstream, PoolStreamResult result)
    {
        if (_done || !ReferenceEquals(upstream, _upstream))
        {
            // Stale: a timeout or a downstream reset happened while connecting.
            result.Sender?.Stream.ResetStream(StreamResetReason.LocalReset);
            return;
        }

        if (!result.Success)
        {
            if (result.Failure is PoolFailureReason.ConnectionFailure or PoolFailureReason.Timeout)
            {
                _flags |= ResponseFlags.UpstreamConnectionFailure;
                upstream.Host.ReportOutcome(Timed(HostOutcome.ConnectFailure));
            }
            else
            {
                _flags |= ResponseFlags.UpstreamOverflow;
            }

            upstream.MarkFailed();
            OnUpstreamFailure(upstream, result.Failure == PoolFailureReason.Overflow ? StreamResetReason.Overflow : StreamResetReason.ConnectionFailed);
            return;
        }

        var sender = result.Sender!;
        _upstreamLocalAddress = result.LocalAddress;
        upstream.Attach(sender);
        if (_done || !ReferenceEquals(upstream, _upstream))
        {
            return; // the stream was reset before we subscribed (e.g. its connection closed): already handled
        }

        var body = HeldBody;
        var hasBody = body is { Count: > 0 };
        sender.SendHeaders(_requestHeaders, _downstreamEnded && !hasBody && RequestTrailers is null);
        if (hasBody)
        {
            for (var i = 0; i < body!.Count; i++)
            {
                var last = i == body.Count - 1;
                sender.SendData(new ReadOnlySequence<byte>(body[i]), last && _downstreamEnded && RequestTrailers is null);
            }
        }

        if (RequestTrailers is not null)
        {
            sender.SendTrailers(RequestTrailers);
        }

        if (!_bodyReplayable)
        {
            HeldBody = null;
            HeldBodyBytes = 0;
        }

        if (_downstreamEnded)
        {
            StartPerTryTimer();
        }
        else if (_downstreamReadDisabled)
        {
            _downstreamReadDisabled = false;
            _responseSender.Stream.ReadDisable(false);
        }
    }

    // ---------------------------------------------------------------- upstream response

    internal void OnUpstreamHeaders(UpstreamRequest upstream, IHeaderMap headers, bool endStream)
    {
        lock (_lock)
        {
            if (_done || !ReferenceEquals(upstream, _upstream))
            {
                return;
            }

            _ = int.TryParse(headers.Get(PseudoHeaders.Status), out var status);
            upstream.Host.ReportOutcome(Timed(HostOutcome.Response(status)));
            if (status >= 500 && ShouldRetryStatus(status) && CanRetry(retryable: true))
            {
                upstream.Reset(StreamResetReason.LocalReset);
                Retry($"status {status}");
                return;
            }

            CancelPerTryTimer();
            _responseHeaders = headers;
            _rule?.FinalizeResponseHeaders(headers);
            _responseCode = status;
            if (_filters is not null)
            {
                StreamFilterStatus filterStatus;
                int resumeAt;
                try
                {
                    filterStatus = _filters.RunSenders(0, this, headers, endStream, out resumeAt);
                }
                catch (Exception ex)
                {
                    Log.FilterFailed(_owner.Factory.Logger, ex);
                    LocalReply(500, null, null, ResponseFlags.LocalReply);
                    return;
                }

                if (filterStatus == StreamFilterStatus.Stop)
                {
                    SenderPaused = true;
                    SenderResumeAt = resumeAt;
                    PausedResponseHeaders = headers;
                    PausedResponseEnd = endStream;
                    return;
                }

                if (filterStatus == StreamFilterStatus.Termination)
                {
                    return;
                }
            }

            SendResponseHeaders(headers, endStream);
        }
    }

    private void SendResponseHeaders(IHeaderMap headers, bool endStream)
    {
        _responseStarted = true;
        _responseSender.SendHeaders(headers, endStream);
        if (endStream)
        {
            OnResponseComplete();
        }
    }

    public void ContinueSending()
    {
        lock (_lock)
        {
            if (!SenderPaused || _done)
            {
                return;
            }

            SenderPaused = false;
            var headers = PausedResponseHeaders!;
            var status = _filters!.RunSenders(SenderResumeAt, this, headers, PausedResponseEnd, out var resumeAt);
            if (status == StreamFilterStatus.Stop)
            {
                SenderPaused = true;
                SenderResumeAt = resumeAt;
                return;
            }

            if (status == StreamFilterStatus.Termination)
            {
                return;
            }

            SendResponseHeaders(headers, PausedResponseEnd);
            if (PausedResponseData is { } data)
            {
                for (var i = 0; i < data.Count && !_done; i++)
                {
                    var last = i == data.Count - 1 && PausedResponseTrailers is null && PausedResponseEnd is false && _upstream?.ResponseEnded == true;
                    _bytesSent += data[i].Length;
                    _responseSender.SendData(new ReadOnlySequence<byte>(data[i]), last);
                    if (last)
                    {
                        OnResponseComplete();
                    }
                }
            }

            if (PausedResponseTrailers is { } trailers && !_done)
            {
                _responseSender.SendTrailers(trailers);
                OnResponseComplete();
            }

            PausedResponseData = null;
            PausedResponseTrailers = null;
        }
    }

    internal void OnUpstreamData(UpstreamRequest upstream, in ReadOnlySequence<byte> data, bool endStream)
    {
        lock (_lock)
        {
            if (_done || !ReferenceEquals(upstream, _upstream))
            {
                return;
            }

            if (SenderPaused)
            {
                (PausedResponseData ??= []).Add(data.ToArray());
                return;
            }

            _bytesSent += data.Length;
            _responseSender.SendData(data, endStream);
            if (endStream)
            {
                OnResponseComplete();
            }
        }
    }

    internal void OnUpstreamTrailers(UpstreamRequest upstream, IHeaderMap trailers)
    {
        lock (_lock)
        {
            if (_done || !ReferenceEquals(upstream, _upstream))
            {
                return;
            }

            if (SenderPaused)
            {
                PausedResponseTrailers = trailers;
                return;
            }

            _responseSender.SendTrailers(trailers);
            OnResponseComplete();
        }
    }

    private void OnResponseComplete() => Finish();

    // ---------------------------------------------------------------- failures, retries, timeouts

    internal void OnUpstreamReset(UpstreamRequest upstream, StreamResetReason reason)
    {
        lock (_lock)
        {
            if (_done || !ReferenceEquals(upstream, _upstream))
            {
                return;
            }

            ProxyStats.Instance.OnUpstreamReset();
            upstream.Host.Stats.OnReset();
            upstream.Host.ReportOutcome(Timed(HostOutcome.Reset));
            if (reason == StreamResetReason.ProtocolError)
            {
                _flags |= ResponseFlags.UpstreamProtocolError;
            }
            else
            {
                _flags |= ResponseFlags.UpstreamConnectionTermination;
            }

            OnUpstreamFailure(upstream, reason);
        }
    }

    private void OnUpstreamFailure(UpstreamRequest upstream, StreamResetReason reason)
    {
        if (!_responseStarted && reason == StreamResetReason.RefusedStream && _bodyReplayable && RefusedRetries < MaxRefusedRetries)
        {
            // The upstream never processed the stream (REFUSED_STREAM, or above its GOAWAY): safe to send again, to the
            // same host on another connection, whatever the retry policy says.
            RefusedRetries++;
            ProxyStats.Instance.OnRetry();
            CancelPerTryTimer();
            Log.Retrying(_owner.Factory.Logger, upstream.Host.Address, "refused stream", _attempts);
            _upstream = null;
            _attempts--;
            StartUpstream();
            return;
        }

        if (!_responseStarted)
        {
            var connectFailure = reason is StreamResetReason.ConnectionFailed or StreamResetReason.Overflow;
            if (CanRetry(retryable: connectFailure || (_rule?.RetryPolicy?.RetryOn ?? false), connectFailure))
            {
                Retry(reason.ToString());
                return;
            }

            LocalReply(StatusFor(reason), null, null, 0);
            return;
        }

        Log.ResetAfterResponseStarted(_owner.Factory.Logger, upstream.Host.Address, reason);
        _responseSender.Stream.ResetStream(StreamResetReason.RemoteReset);
        Finish();
    }

    private static int StatusFor(StreamResetReason reason) => reason switch
    {
        StreamResetReason.GlobalTimeout or StreamResetReason.PerTryTimeout => 504,
        StreamResetReason.ConnectionFailed or StreamResetReason.Overflow or StreamResetReason.RefusedStream => 503,
        _ => 502,
    };

    private bool ShouldRetryStatus(int status)
    {
        var policy = _rule?.RetryPolicy;
        if (policy is null || !policy.RetryOn)
        {
            return false;
        }

        return policy.StatusCodes.Count == 0 ? status >= 500 : policy.StatusCodes.Contains(status);
    }

    /// <summary>
    /// Whether another try is allowed. Connect failures (nothing was sent) are retried to another host even without a
    /// retry policy, once, when the cluster has another host; everything else follows <c>retry_policy</c>.
    /// </summary>
    private bool CanRetry(bool retryable, bool connectFailure = false)
    {
        if (!retryable || _responseStarted || _done || !_bodyReplayable)
        {
            return false;
        }

        var retries = _rule?.RetryPolicy?.NumRetries ?? 0;
        if (connectFailure && retries == 0 && _cluster is not null && _cluster.HostSet.HealthyHosts.Count > 1)
        {
            retries = 1;
        }

        if (_attempts > retries)
        {
            return false;
        }

        if (!RetrySlotHeld && _host is { } host)
        {
            // Circuit breaker max_retries: a request that retries holds one of the cluster's retry slots until it ends.
            // With a retry budget the limit follows the cluster's load (Envoy's retry_budget).
            if (!host.Cluster.Stats.TryStartRetry(host.Cluster.RetryLimit(host.Cluster.Stats.ActiveRequests)))
            {
                ProxyStats.Instance.OnRetryOverflow();
                return false;
            }

            RetryCluster = host.Cluster.Stats;
            RetrySlotHeld = true;
        }

        return true;
    }

    private void Retry(string why)
    {
        ProxyStats.Instance.OnRetry();
        CancelPerTryTimer();
        var failed = _host!;
        (TriedHosts ??= []).Add(failed);
        Log.Retrying(_owner.Factory.Logger, failed.Address, why, _attempts);
        _upstream = null;
        var delay = BackOffDelay();
        if (delay > TimeSpan.Zero)
        {
            // Exponential back-off with full jitter (Envoy's): retries do not stampede a struggling cluster.
            RetryTimer = _owner.Factory.Context.TimeProvider.CreateTimer(
                static s => ((DownstreamStream)s!).OnBackOffElapsed(), this, delay, Timeout.InfiniteTimeSpan);
            return;
        }

        RetryNow();
    }

    private void RetryNow()
    {
        if (!ChooseHost())
        {
            return;
        }

        StartUpstream();
    }

    private void OnBackOffElapsed()
    {
        lock (_lock)
        {
            if (_done || _upstream is not null || RetryTimer is null)
            {
                return; // the exchange ended meanwhile (downstream reset, global timeout)
            }

            RetryTimer.Dispose();
            RetryTimer = null;
            RetryNow();
        }
    }

    /// <summary>
    /// The wait before retry n (1, 2, ...): a random time in [0, min(max, base × 2^(n−1))]; zero without a retry policy
    /// (the implicit retry of a connect failure on another host goes at once).
    /// </summary>
    private TimeSpan BackOffDelay() => _rule?.RetryPolicy is { } policy
        ? RetryBackOff.Delay(policy, Math.Max(1, _attempts), Random.Shared.NextDouble())
        : TimeSpan.Zero;

    /// <summary>Starts the route's global timeout once the request is complete and its route is known.</summary>
    private void StartGlobalTimer()
    {
        if (_globalTimer is not null || _globalTimerTicket != 0 || _done || _rule is null)
        {
            return;
        }

        var timeout = _callTimeout ?? _rule?.Timeout ?? Config.DefaultTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        _globalTimerTicket = _owner.TryArmRequestTimer(this, timeout);
        if (_globalTimerTicket != 0)
        {
            return;
        }

        _globalTimer = _owner.Factory.Context.TimeProvider.CreateTimer(
            static s => ((DownstreamStream)s!).OnGlobalTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    private void StartPerTryTimer()
    {
        if (PerTryTimer is not null || _done || _upstream is null)
        {
            return;
        }

        var timeout = _rule?.RetryPolicy?.PerTryTimeout;
        if (timeout is not { } t || t <= TimeSpan.Zero || t >= (_rule?.Timeout ?? Config.DefaultTimeout))
        {
            return; // MOSN ignores a per-try timeout that is not shorter than the global one
        }

        var upstream = _upstream;
        PerTryTimer = _owner.Factory.Context.TimeProvider.CreateTimer(
            static s =>
            {
                var (self, up) = ((DownstreamStream, UpstreamRequest))s!;
                self.OnPerTryTimeout(up);
            },
            (this, upstream),
            t,
            Timeout.InfiniteTimeSpan);
    }

    private void CancelPerTryTimer()
    {
        PerTryTimer?.Dispose();
        PerTryTimer = null;
        RetryTimer?.Dispose();
        RetryTimer = null;
    }

    internal void OnGlobalTimeout()
    {
        lock (_lock)
        {
            if (_done)
            {
                return;
            }

            ProxyStats.Instance.OnTimeout();
            _host?.Stats.OnTimeout();
            _flags |= ResponseFlags.UpstreamRequestTimeout;
            var upstream = _upstream;
            _upstream = null;
            if (upstream is not null && !_responseStarted)
            {
                upstream.Host.ReportOutcome(Timed(HostOutcome.Timeout));
            }

            upstream?.Reset(StreamResetReason.GlobalTimeout);
            if (!_responseStarted)
            {
                LocalReply(504, null, null, 0);
            }
            else if (_isGrpc && !SenderPaused)
            {
                // The call's deadline passed mid-response: end it with a status the client can read.
                _responseSender.SendTrailers(Grpc.Trailers(Grpc.DeadlineExceeded, "upstream request timeout"));
                Finish();
            }
            else
            {
                _responseSender.Stream.ResetStream(StreamResetReason.GlobalTimeout);
                Finish();
            }
        }
    }

    private void OnPerTryTimeout(UpstreamRequest upstream)
    {
        lock (_lock)
        {
            if (_done || !ReferenceEquals(upstream, _upstream) || _responseStarted)
            {
                return;
            }

            ProxyStats.Instance.OnTimeout();
            upstream.Host.Stats.OnTimeout();
            upstream.Host.ReportOutcome(Timed(HostOutcome.Timeout));
            PerTryTimer?.Dispose();
            PerTryTimer = null;
            upstream.Reset(StreamResetReason.PerTryTimeout);
            if (CanRetry(retryable: _rule?.RetryPolicy?.RetryOn ?? false))
            {
                Retry("per-try timeout");
                return;
            }

            _flags |= ResponseFlags.UpstreamRequestTimeout;
            LocalReply(504, null, null, 0);
        }
    }
}
