namespace Mosn.Upstream.ConnectionPools;

/// <summary>
/// The delays between attempts to restore a pool's preconnected connections after a failed connect: 1 s, doubling up
/// to 30 s; back to 1 s after a success. A refused host is not hammered, and a returning one is warmed within 30 s.
/// </summary>
internal static class PreconnectRetry
{
    /// <summary>Delay after the first failure.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The delay after the one that just failed.</summary>
    public static TimeSpan Next(TimeSpan delay) => delay * 2 > Max ? Max : delay * 2;
}
