using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy;

/// <summary>
/// The part of a <see cref="DownstreamStream"/>'s state that a plain request never touches: retries, a held request
/// body, request trailers, per-try and retry timers, filters that pause. Created on the first write of
/// a non-default value, so a request without any of these allocates none of it (the stream object stays small).
/// </summary>
/// <remarks>Fields, not properties: the owning stream reads and writes them under its lock, through its own accessors.</remarks>
internal sealed class DownstreamStreamColdState
{
    public IHeaderMap? RequestTrailers;
    public bool FilterPaused;
    public StreamFilterPhase PausedPhase;
    public int ResumeAt;

    public List<IHost>? TriedHosts;
    public bool RetrySlotHeld;
    public HostStats? RetryCluster;
    public int RefusedRetries;
    public ITimer? PerTryTimer;
    public ITimer? RetryTimer;

    public List<byte[]>? Body;
    public long BodyHeld;

    public IHeaderMap? PausedResponseHeaders;
    public bool PausedResponseEnd;
    public bool SenderPaused;
    public int SenderResumeAt;
    public List<byte[]>? PausedResponseData;
    public IHeaderMap? PausedResponseTrailers;
}
