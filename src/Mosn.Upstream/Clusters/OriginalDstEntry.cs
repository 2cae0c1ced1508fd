using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// One destination of an <c>ORIGINAL_DST</c> cluster: its host, the one-element candidate array handed to every
/// request for it (allocated once), and the flag that says whether a request chose it since the last cleanup.
/// </summary>
internal sealed class OriginalDstEntry
{
    private int _used = 1;

    public OriginalDstEntry(Host host)
    {
        Host = host;
        Candidates = [host];
    }

    /// <summary>The dynamic host.</summary>
    public Host Host { get; }

    /// <summary><see cref="Host"/> as the array a <see cref="HostCandidates"/> walks. Never modified.</summary>
    public IHost[] Candidates { get; }

    /// <summary>Records that a request chose this destination. Thread-safe; allocation-free.</summary>
    public void MarkUsed() => Volatile.Write(ref _used, 1);

    /// <summary>True if a request chose it since the last call; resets the flag. Thread-safe.</summary>
    public bool TakeUsed() => Interlocked.Exchange(ref _used, 0) == 1;
}
