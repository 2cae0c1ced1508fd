namespace Mosn.Upstream.Outlier;

/// <summary>
/// The requests and failures of one host in the current outlier-detection interval, for success-rate and
/// failure-percentage ejection: external (responses, or every outcome when local-origin errors are not split) and local
/// origin (every outcome; only the connection's own failures fail).
/// </summary>
/// <remarks>Lock-free: data-plane threads add with <see cref="Interlocked"/>; the interval review takes and resets the counts.</remarks>
internal sealed class HostRequestCounters
{
    private long _externalTotal;
    private long _externalFailures;
    private long _localTotal;
    private long _localFailures;

    /// <summary>Counts one request judged by its response (or effective) status.</summary>
    public void AddExternal(bool failed)
    {
        Interlocked.Increment(ref _externalTotal);
        if (failed)
        {
            Interlocked.Increment(ref _externalFailures);
        }
    }

    /// <summary>Counts one request judged by whether the connection worked.</summary>
    public void AddLocal(bool failed)
    {
        Interlocked.Increment(ref _localTotal);
        if (failed)
        {
            Interlocked.Increment(ref _localFailures);
        }
    }

    /// <summary>Returns the external counts of the interval and starts the next one at zero.</summary>
    public RequestVolume TakeExternal() => Take(ref _externalTotal, ref _externalFailures);

    /// <summary>Returns the local-origin counts of the interval and starts the next one at zero.</summary>
    public RequestVolume TakeLocal() => Take(ref _localTotal, ref _localFailures);

    private static RequestVolume Take(ref long total, ref long failures)
    {
        // Failures first: a request counted between the two exchanges lands in the next interval's total, never as a
        // failure without its request.
        var failed = Interlocked.Exchange(ref failures, 0);
        var all = Interlocked.Exchange(ref total, 0);
        return new RequestVolume(all, Math.Min(failed, all));
    }
}
