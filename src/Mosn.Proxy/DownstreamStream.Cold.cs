using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy;

// Accessors of the state most requests never use (see DownstreamStreamColdState): reading gives the default while
// nothing was set, and setting a default value allocates nothing.
internal sealed partial class DownstreamStream
{
    private DownstreamStreamColdState? _cold;

    private IHeaderMap? RequestTrailers
    {
        get => _cold?.RequestTrailers;
        set => ColdFor(value)?.RequestTrailers = value;
    }

    private bool FilterPaused
    {
        get => _cold?.FilterPaused ?? default;
        set => ColdFor(value)?.FilterPaused = value;
    }

    private StreamFilterPhase PausedPhase
    {
        get => _cold?.PausedPhase ?? default;
        set => ColdFor(value)?.PausedPhase = value;
    }

    private int ResumeAt
    {
        get => _cold?.ResumeAt ?? default;
        set => ColdFor(value)?.ResumeAt = value;
    }

    private List<IHost>? TriedHosts
    {
        get => _cold?.TriedHosts;
        set => ColdFor(value)?.TriedHosts = value;
    }

    private bool RetrySlotHeld
    {
        get => _cold?.RetrySlotHeld ?? default;
        set => ColdFor(value)?.RetrySlotHeld = value;
    }

    private HostStats? RetryCluster
    {
        get => _cold?.RetryCluster;
        set => ColdFor(value)?.RetryCluster = value;
    }

    private int RefusedRetries
    {
        get => _cold?.RefusedRetries ?? default;
        set => ColdFor(value)?.RefusedRetries = value;
    }

    private ITimer? PerTryTimer
    {
        get => _cold?.PerTryTimer;
        set => ColdFor(value)?.PerTryTimer = value;
    }

    private ITimer? RetryTimer
    {
        get => _cold?.RetryTimer;
        set => ColdFor(value)?.RetryTimer = value;
    }

    private List<byte[]>? HeldBody
    {
        get => _cold?.Body;
        set => ColdFor(value)?.Body = value;
    }

    private long HeldBodyBytes
    {
        get => _cold?.BodyHeld ?? default;
        set => ColdFor(value)?.BodyHeld = value;
    }

    private IHeaderMap? PausedResponseHeaders
    {
        get => _cold?.PausedResponseHeaders;
        set => ColdFor(value)?.PausedResponseHeaders = value;
    }

    private bool PausedResponseEnd
    {
        get => _cold?.PausedResponseEnd ?? default;
        set => ColdFor(value)?.PausedResponseEnd = value;
    }

    private bool SenderPaused
    {
        get => _cold?.SenderPaused ?? default;
        set => ColdFor(value)?.SenderPaused = value;
    }

    private int SenderResumeAt
    {
        get => _cold?.SenderResumeAt ?? default;
        set => ColdFor(value)?.SenderResumeAt = value;
    }

    private List<byte[]>? PausedResponseData
    {
        get => _cold?.PausedResponseData;
        set => ColdFor(value)?.PausedResponseData = value;
    }

    private IHeaderMap? PausedResponseTrailers
    {
        get => _cold?.PausedResponseTrailers;
        set => ColdFor(value)?.PausedResponseTrailers = value;
    }

    /// <summary>
    /// The cold state to store <paramref name="value"/> in: null (store nothing) while there is none and the value is
    /// the default (<paramref name="defaultValue"/>).
    /// </summary>
    private DownstreamStreamColdState? ColdFor<T>(T value, T defaultValue = default!)
    {
        if (_cold is null && !EqualityComparer<T>.Default.Equals(value, defaultValue))
        {
            _cold = new DownstreamStreamColdState();
        }

        return _cold;
    }
}
