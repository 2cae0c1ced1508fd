namespace Mosn.Upstream.Clusters;

/// <summary>
/// The health of one host address, shared by every version of its cluster (like <see cref="Mosn.Abstractions.Upstream.HostStats"/>),
/// so a cluster update neither revives a failed host nor forgets an ejection.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Flags"/> is changed with compare-and-swap; the consecutive-failure counters are changed with
/// <see cref="Interlocked"/> by the data plane; the ejection bookkeeping is owned by the cluster's outlier detector (under
/// its lock).
/// </remarks>
internal sealed class HostHealth
{
    private int _flags;

    // Outlier detection: consecutive failures since the last success (Interlocked), and ejection bookkeeping.
    internal int Consecutive5xx;
    internal int ConsecutiveGatewayFailures;
    internal int ConsecutiveLocalOriginFailures;

    /// <summary>Times ejected, decremented once per detection interval while not ejected (the ejection-time multiplier).</summary>
    internal int EjectionMultiplier;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last ejection.</summary>
    internal long EjectedAtTimestamp;

    /// <summary>The flags set now.</summary>
    public HostHealthFlags Flags => (HostHealthFlags)Volatile.Read(ref _flags);

    /// <summary>True when no flag is set.</summary>
    public bool IsHealthy => Volatile.Read(ref _flags) == 0;

    /// <summary>True when <paramref name="flag"/> is set.</summary>
    public bool Has(HostHealthFlags flag) => (Flags & flag) != 0;

    /// <summary>Sets or clears <paramref name="flag"/>; true when this call changed it.</summary>
    public bool Update(HostHealthFlags flag, bool set)
    {
        while (true)
        {
            var old = Volatile.Read(ref _flags);
            var updated = set ? old | (int)flag : old & ~(int)flag;
            if (updated == old)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _flags, updated, old) == old)
            {
                return true;
            }
        }
    }

    /// <summary>Forgets the consecutive-failure counters (after an ejection, or when detection is turned off).</summary>
    public void ResetCounters()
    {
        Volatile.Write(ref Consecutive5xx, 0);
        Volatile.Write(ref ConsecutiveGatewayFailures, 0);
        Volatile.Write(ref ConsecutiveLocalOriginFailures, 0);
    }
}
