namespace Mosn.Upstream.Outlier;

/// <summary>The requests of one host in one interval and how many of them failed.</summary>
/// <param name="Total">Requests counted.</param>
/// <param name="Failures">Requests that failed, at most <paramref name="Total"/>.</param>
internal readonly record struct RequestVolume(long Total, long Failures)
{
    /// <summary>Successes in percent (0–100); 100 when no request was counted.</summary>
    public double SuccessRate => Total == 0 ? 100 : (Total - Failures) * 100.0 / Total;
}
