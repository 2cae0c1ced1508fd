using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>
/// Maps a cluster's <c>outlier_detection</c>, with Envoy's key names (MOSN has no outlier detection): the consecutive
/// detectors, success rate and failure percentage, ejection times and limits.
/// </summary>
internal static class OutlierDetectionMapper
{
    /// <summary>Maps <c>outlier_detection</c>; null when the value is null or not an object (an error for the latter).</summary>
    public static OutlierDetectionConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var result = new OutlierDetectionConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "consecutive_5xx":
                    result = result with { Consecutive5xx = Count(value, at, reader) ?? result.Consecutive5xx };
                    break;
                case "consecutive_gateway_failure":
                    result = result with { ConsecutiveGatewayFailure = Count(value, at, reader) ?? result.ConsecutiveGatewayFailure };
                    break;
                case "consecutive_local_origin_failure":
                    result = result with { ConsecutiveLocalOriginFailure = Count(value, at, reader) ?? result.ConsecutiveLocalOriginFailure };
                    break;
                case "split_external_local_origin_errors":
                    result = result with { SplitExternalLocalOriginErrors = reader.Bool(value, at) ?? false };
                    break;
                case "enforcing_consecutive_5xx":
                    result = result with { EnforcingConsecutive5xx = Percent(value, at, reader) ?? result.EnforcingConsecutive5xx };
                    break;
                case "enforcing_consecutive_gateway_failure":
                    result = result with { EnforcingConsecutiveGatewayFailure = Percent(value, at, reader) ?? result.EnforcingConsecutiveGatewayFailure };
                    break;
                case "enforcing_consecutive_local_origin_failure":
                    result = result with { EnforcingConsecutiveLocalOriginFailure = Percent(value, at, reader) ?? result.EnforcingConsecutiveLocalOriginFailure };
                    break;
                case "max_ejection_percent":
                    result = result with { MaxEjectionPercent = Percent(value, at, reader) ?? result.MaxEjectionPercent };
                    break;
                case "success_rate_minimum_hosts":
                    result = result with { SuccessRateMinimumHosts = Count(value, at, reader) ?? result.SuccessRateMinimumHosts };
                    break;
                case "success_rate_request_volume":
                    result = result with { SuccessRateRequestVolume = Volume(value, at, reader) ?? result.SuccessRateRequestVolume };
                    break;
                case "success_rate_stdev_factor":
                    result = result with { SuccessRateStdevFactor = Count(value, at, reader) ?? result.SuccessRateStdevFactor };
                    break;
                case "enforcing_success_rate":
                    result = result with { EnforcingSuccessRate = Percent(value, at, reader) ?? result.EnforcingSuccessRate };
                    break;
                case "enforcing_local_origin_success_rate":
                    result = result with { EnforcingLocalOriginSuccessRate = Percent(value, at, reader) ?? result.EnforcingLocalOriginSuccessRate };
                    break;
                case "failure_percentage_threshold":
                    result = result with { FailurePercentageThreshold = Percent(value, at, reader) ?? result.FailurePercentageThreshold };
                    break;
                case "failure_percentage_minimum_hosts":
                    result = result with { FailurePercentageMinimumHosts = Count(value, at, reader) ?? result.FailurePercentageMinimumHosts };
                    break;
                case "failure_percentage_request_volume":
                    result = result with { FailurePercentageRequestVolume = Volume(value, at, reader) ?? result.FailurePercentageRequestVolume };
                    break;
                case "enforcing_failure_percentage":
                    result = result with { EnforcingFailurePercentage = Percent(value, at, reader) ?? result.EnforcingFailurePercentage };
                    break;
                case "enforcing_failure_percentage_local_origin":
                    result = result with { EnforcingFailurePercentageLocalOrigin = Percent(value, at, reader) ?? result.EnforcingFailurePercentageLocalOrigin };
                    break;
                case "interval":
                    result = result with { Interval = Positive(value, at, reader) ?? result.Interval };
                    break;
                case "base_ejection_time":
                    result = result with { BaseEjectionTime = Positive(value, at, reader) ?? result.BaseEjectionTime };
                    break;
                case "max_ejection_time":
                    result = result with { MaxEjectionTime = Positive(value, at, reader) ?? result.MaxEjectionTime };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.OutlierDetection);
                    break;
            }
        }

        if (result.MaxEjectionTime < result.BaseEjectionTime)
        {
            reader.Error(JsonPaths.Property(path, "max_ejection_time"), "max_ejection_time must not be shorter than base_ejection_time");
        }

        return result;
    }

    private static int? Count(JsonElement value, string path, ConfigReader reader) => reader.Int32(value, path, 0, int.MaxValue);

    /// <summary>A request volume: at least 1 (Envoy judges no host on zero requests).</summary>
    private static int? Volume(JsonElement value, string path, ConfigReader reader) => reader.Int32(value, path, 1, int.MaxValue);

    private static int? Percent(JsonElement value, string path, ConfigReader reader) => reader.Int32(value, path, 0, 100);

    private static TimeSpan? Positive(JsonElement value, string path, ConfigReader reader)
    {
        if (reader.Duration(value, path) is not { } duration)
        {
            return null;
        }

        if (duration > TimeSpan.Zero)
        {
            return duration;
        }

        reader.Error(path, "must be greater than zero");
        return null;
    }
}
