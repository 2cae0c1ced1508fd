using Mosn.Abstractions.Router;

namespace Mosn.Proxy;

/// <summary>Envoy's retry back-off: exponential, capped, with full jitter.</summary>
internal static class RetryBackOff
{
    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1, 2, ...): <paramref name="random"/> (in [0, 1)) times
    /// min(max, base × 2^(retry−1)). Zero when the policy's base is zero.
    /// </summary>
    public static TimeSpan Delay(RetryPolicy policy, int retry, double random)
    {
        if (policy.BackOffBase <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Clamp(retry - 1, 0, 20);
        var ceiling = Math.Min(policy.BackOffBase.Ticks << exponent, policy.BackOffMax.Ticks);
        return TimeSpan.FromTicks((long)(random * ceiling));
    }
}
