using System.Globalization;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Outlier;

/// <summary>
/// Envoy's success-rate and failure-percentage ejection, judged at the end of each interval over that interval's
/// requests.
/// </summary>
/// <remarks>
/// <para>Success rate: the hosts (not ejected) with at least <c>success_rate_request_volume</c> requests are judged
/// when there are at least <c>success_rate_minimum_hosts</c> of them; a host whose success rate is below
/// mean − <c>success_rate_stdev_factor</c> / 1000 × stdev (population standard deviation) is ejected with
/// <c>enforcing_success_rate</c> percent chance.</para>
/// <para>Failure percentage: the hosts with at least <c>failure_percentage_request_volume</c> requests are judged when
/// there are at least <c>failure_percentage_minimum_hosts</c> of them; a host whose failures reach
/// <c>failure_percentage_threshold</c> percent is ejected with <c>enforcing_failure_percentage</c> percent chance.</para>
/// <para>With <c>split_external_local_origin_errors</c>, both are also judged over local-origin counts (every outcome; a
/// connect failure, timeout or reset fails) with the <c>*_local_origin</c> enforcing percentages. Ejection follows the
/// consecutive detectors' rules (growing time, <c>max_ejection_percent</c>). Runs on the review timer's thread.</para>
/// </remarks>
internal sealed partial class OutlierDetector
{
    private const double StdevFactorScale = 1000.0;

    /// <summary>True when any rate-based ejection may eject (otherwise requests are not counted at all).</summary>
    private bool JudgesRates =>
        _config.EnforcingSuccessRate > 0 || _config.EnforcingFailurePercentage > 0
        || (_config.SplitExternalLocalOriginErrors && (_config.EnforcingLocalOriginSuccessRate > 0 || _config.EnforcingFailurePercentageLocalOrigin > 0));

    /// <summary>The success-rate ejection threshold of the last interval (percent), or null when it was not judged (tests, logs).</summary>
    internal double? LastSuccessRateThreshold { get; private set; }

    private void Count(HostRequestCounters counters, HostOutcome outcome)
    {
        if (!_config.SplitExternalLocalOriginErrors)
        {
            counters.AddExternal(outcome.EffectiveStatusCode >= 500);
            return;
        }

        counters.AddLocal(outcome.IsLocalOrigin);
        if (!outcome.IsLocalOrigin)
        {
            counters.AddExternal(outcome.StatusCode >= 500);
        }
    }

    /// <summary>Takes every host's counts for the interval that ended and ejects the outliers. Not under the lock.</summary>
    private void JudgeRates()
    {
        if (_counters is not { } counters)
        {
            return;
        }

        Host[] hosts;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            hosts = _hosts;
        }

        var external = new List<(Host Host, RequestVolume Volume)>(hosts.Length);
        var local = _config.SplitExternalLocalOriginErrors ? new List<(Host Host, RequestVolume Volume)>(hosts.Length) : null;
        foreach (var host in hosts)
        {
            var volume = counters[host.Health];
            // Take every host's counts, ejected ones too, so that each interval starts at zero.
            var externalVolume = volume.TakeExternal();
            var localVolume = volume.TakeLocal();
            if (host.Health.Has(HostHealthFlags.OutlierEjected))
            {
                continue;
            }

            external.Add((host, externalVolume));
            local?.Add((host, localVolume));
        }

        LastSuccessRateThreshold = JudgeSuccessRate(external, _config.EnforcingSuccessRate, "success rate");
        JudgeFailurePercentage(external, _config.EnforcingFailurePercentage, "failure percentage");
        if (local is not null)
        {
            JudgeSuccessRate(local, _config.EnforcingLocalOriginSuccessRate, "local-origin success rate");
            JudgeFailurePercentage(local, _config.EnforcingFailurePercentageLocalOrigin, "local-origin failure percentage");
        }
    }

    /// <summary>Ejects the hosts below mean − factor × stdev; returns the threshold, or null when too few hosts had the volume.</summary>
    private double? JudgeSuccessRate(List<(Host Host, RequestVolume Volume)> hosts, int enforcing, string kind)
    {
        var minimumVolume = Math.Max(1, _config.SuccessRateRequestVolume);
        var count = 0;
        var sum = 0.0;
        foreach (var (_, volume) in hosts)
        {
            if (volume.Total >= minimumVolume)
            {
                count++;
                sum += volume.SuccessRate;
            }
        }

        if (count == 0 || count < _config.SuccessRateMinimumHosts)
        {
            return null;
        }

        var mean = sum / count;
        var squares = 0.0;
        foreach (var (_, volume) in hosts)
        {
            if (volume.Total >= minimumVolume)
            {
                var deviation = volume.SuccessRate - mean;
                squares += deviation * deviation;
            }
        }

        var threshold = mean - (_config.SuccessRateStdevFactor / StdevFactorScale * Math.Sqrt(squares / count));
        foreach (var (host, volume) in hosts)
        {
            if (volume.Total >= minimumVolume && volume.SuccessRate < threshold)
            {
                TryEject(host, enforcing, string.Create(CultureInfo.InvariantCulture,
                    $"{kind} {volume.SuccessRate:0.##}% below the cluster's threshold {threshold:0.##}%"));
            }
        }

        return threshold;
    }

    /// <summary>Ejects the hosts whose failures reach the threshold, when enough hosts had the volume.</summary>
    private void JudgeFailurePercentage(List<(Host Host, RequestVolume Volume)> hosts, int enforcing, string kind)
    {
        var minimumVolume = Math.Max(1, _config.FailurePercentageRequestVolume);
        var count = 0;
        foreach (var (_, volume) in hosts)
        {
            if (volume.Total >= minimumVolume)
            {
                count++;
            }
        }

        if (count == 0 || count < _config.FailurePercentageMinimumHosts)
        {
            return;
        }

        foreach (var (host, volume) in hosts)
        {
            var failurePercent = 100.0 - volume.SuccessRate;
            if (volume.Total >= minimumVolume && failurePercent >= _config.FailurePercentageThreshold)
            {
                TryEject(host, enforcing, string.Create(CultureInfo.InvariantCulture,
                    $"{kind} {failurePercent:0.##}% at or above {_config.FailurePercentageThreshold}%"));
            }
        }
    }
}
