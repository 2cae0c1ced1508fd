namespace Mosn.Upstream.Clusters;

/// <summary>
/// The health of one host address, shared by every version of its cluster (like <see cref="Mosn.Abstractions.Upstream.HostStats"/>),
/// so a cluster update neither revives a failed host nor forgets an ejection.
/// </summary>
/// <remarks>
/// <para>Slow start: <see cref="ActiveSinceTimestamp"/> is when the address last became active: when a flag set before is
/// cleared so that it is healthy again, or when it joined a running cluster (the constructor's <c>joinedNow</c>).</para>
/// Thread-safe. <see cref="Flags"/> is changed with compare-and-swap; the consecutive-failure counters are changed with
/// <see cref="Interlocked"/> by the data plane; the ejection bookkeeping is owned by the cluster's outlier detector (under
/// its lock).
/// </remarks>
internal sealed class HostHealth
{
    /// <summary>The <see cref="ActiveSinceTimestamp"/> of an address active since before anything counts (never warming).</summary>
    public const long ActiveForever = long.MinValue;

    private readonly TimeProvider _clock;
    private int _flags;
    private long _activeSince;

    /// <summary>Creates the health of an address with no flag set.</summary>
    /// <param name="clock">Stamps <see cref="ActiveSinceTimestamp"/> (null: the system clock).</param>
    /// <param name="joinedNow">True for an address that joins a running cluster now (slow start counts from now); false
    /// for one of a cluster's first version, which has been active "forever".</param>
    public HostHealth(TimeProvider? clock = null, bool joinedNow = false)
    {
        _clock = clock ?? TimeProvider.System;
        _activeSince = joinedNow ? _clock.GetTimestamp() : ActiveForever;
    }

    /// <summary>
    /// The clock's timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the address last became active: it joined a
    /// running cluster, or its last flag was cleared; <see cref="ActiveForever"/> when neither happened.
    /// </summary>
    public long ActiveSinceTimestamp => Volatile.Read(ref _activeSince);

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

    /// <summary>Sets or clears <paramref name="flag"/>; true when this call changed it. Clearing the last flag stamps <see cref="ActiveSinceTimestamp"/>.</summary>
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
                if (updated == 0)
                {
                    Volatile.Write(ref _activeSince, _clock.GetTimestamp()); // healthy again: slow start counts from now
                }

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
