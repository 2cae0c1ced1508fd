using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Filters.Fault;

/// <summary>
/// The per-stream fault injector. Registered in <see cref="StreamFilterPhase.AfterRoute"/> (as MOSN registers it) so the
/// route is known for <c>upstream_cluster</c>.
/// </summary>
/// <remarks>
/// <para>When the request matches (<c>upstream_cluster</c>, <c>headers</c>), the delay and the abort are each drawn once,
/// independently: a delay holds the stream (<see cref="StreamFilterStatus.Stop"/>) on a timer of the
/// <see cref="TimeProvider"/>, then either replies with the abort status (when the abort was drawn too: delay then
/// abort, as in Envoy and MOSN) or resumes the chain. An abort without delay replies at once and returns
/// <see cref="StreamFilterStatus.Termination"/>.</para>
/// <para>Threading: <see cref="OnReceive"/> and <see cref="OnDestroy"/> run on the stream's thread; the timer fires on a
/// pool thread. A state word decides the race between the timer and <see cref="OnDestroy"/>: after destroy the handler is
/// never touched.</para>
/// </remarks>
internal sealed class FaultStreamFilter : IStreamReceiverFilter
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Fired = 2;
    private const int Destroyed = 3;

    private readonly FaultConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private IStreamReceiverFilterHandler? _handler;
    private ITimer? _timer;
    private bool _abortAfterDelay;
    private int _state;

    public FaultStreamFilter(FaultConfig config, TimeProvider timeProvider, Random random)
    {
        _config = config;
        _timeProvider = timeProvider;
        _random = random;
    }

    /// <inheritdoc />
    public StreamFilterStatus OnReceive(IStreamReceiverFilterHandler handler, IHeaderMap headers, bool endStream)
    {
        if (_state != Idle || !Applies(handler, headers))
        {
            return StreamFilterStatus.Continue;
        }

        var delay = _config.CanDelay && Draw(_config.DelayPercent);
        var abort = _config.CanAbort && Draw(_config.AbortPercent);
        if (delay)
        {
            _handler = handler;
            _abortAfterDelay = abort;
            _state = Waiting;
            _timer = _timeProvider.CreateTimer(static state => ((FaultStreamFilter)state!).OnDelayElapsed(), this, _config.FixedDelay, Timeout.InfiniteTimeSpan);
            return StreamFilterStatus.Stop;
        }

        if (abort)
        {
            _state = Fired;
            handler.SendLocalReply(_config.AbortStatus);
            return StreamFilterStatus.Termination;
        }

        return StreamFilterStatus.Continue;
    }

    /// <inheritdoc />
    public void OnDestroy()
    {
        Interlocked.Exchange(ref _state, Destroyed);
        _timer?.Dispose();
        _timer = null;
        _handler = null;
    }

    private void OnDelayElapsed()
    {
        var handler = _handler;
        if (Interlocked.CompareExchange(ref _state, Fired, Waiting) != Waiting || handler is null)
        {
            return; // the stream ended while we waited
        }

        if (_abortAfterDelay)
        {
            handler.SendLocalReply(_config.AbortStatus);
        }
        else
        {
            handler.ContinueReceiving();
        }
    }

    private bool Applies(IStreamReceiverFilterHandler handler, IHeaderMap headers)
    {
        if (_config.UpstreamCluster is { } cluster && handler.Route?.RouteRule is { } rule
            && !string.Equals(rule.SelectCluster(headers), cluster, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var matcher in _config.Headers)
        {
            if (!matcher.Matches(headers))
            {
                return false;
            }
        }

        return true;
    }

    // MOSN draws rand % 100 and injects when the draw is below the percentage.
    private bool Draw(int percent) => percent >= 100 || _random.Next(100) < percent;
}
