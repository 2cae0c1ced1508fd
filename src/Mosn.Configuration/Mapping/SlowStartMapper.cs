using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>
/// Maps a cluster's <c>slow_start</c> (MOSN's <c>v2.SlowStartConfig</c>): <c>mode</c> (only <c>"duration"</c>),
/// <c>slow_start_duration</c>, <c>aggression</c> and <c>min_weight_percent</c>.
/// </summary>
internal static class SlowStartMapper
{
    /// <summary>The balancers that apply slow start (MOSN's EDF-based ones).</summary>
    private static readonly string[] Appliers = ["LB_WEIGHTED_ROUNDROBIN", "LB_LEAST_REQUEST", "LB_LEAST_CONNECTION"];

    /// <summary>
    /// Maps <c>slow_start</c>; null (no slow start) when the value is null, invalid, or has no <c>mode</c> (MOSN then runs
    /// none; a warning says so).
    /// </summary>
    public static SlowStartConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var result = new SlowStartConfig();
        string? mode = null;
        TimeSpan? duration = null;
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "mode":
                    mode = reader.String(value, at);
                    if (mode is { Length: > 0 } && !string.Equals(mode, SlowStartConfig.DurationMode, StringComparison.OrdinalIgnoreCase))
                    {
                        reader.Error(at, $"unknown slow start mode \"{mode}\" (supported: \"{SlowStartConfig.DurationMode}\")");
                        valid = false;
                    }

                    break;
                case "slow_start_duration":
                    duration = reader.Duration(value, at);
                    valid &= duration is not null || ConfigReader.IsNull(value); // a bad value was reported
                    if (duration == TimeSpan.Zero)
                    {
                        reader.Error(at, "slow_start_duration must be positive, e.g. \"30s\"");
                        valid = false;
                    }

                    break;
                case "aggression":
                    if (reader.Number(value, at, 0, 1000) is { } aggression)
                    {
                        if (aggression > 0)
                        {
                            result = result with { Aggression = aggression };
                        }
                        else
                        {
                            reader.Error(at, "aggression must be greater than 0 (1.0: a linear ramp)");
                            valid = false;
                        }
                    }

                    break;
                case "min_weight_percent":
                    // A fraction, as MOSN reads it (0.1 is 10 %), unlike Envoy's percentage.
                    result = result with { MinWeightPercent = reader.Number(value, at, 0, 1) ?? result.MinWeightPercent };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.SlowStart);
                    break;
            }
        }

        if (string.IsNullOrEmpty(mode))
        {
            reader.Warning(path, $"ignored: slow start runs only with \"mode\": \"{SlowStartConfig.DurationMode}\" (as in MOSN)");
            return null;
        }

        if (duration is null && valid)
        {
            reader.Error(JsonPaths.Property(path, "slow_start_duration"), $"required with \"mode\": \"{SlowStartConfig.DurationMode}\": a positive duration, e.g. \"30s\"");
            return null;
        }

        return valid && duration is { } window ? result with { Mode = SlowStartConfig.DurationMode, Duration = window } : null;
    }

    /// <summary>Warns when the cluster's <c>lb_type</c> does not apply slow start.</summary>
    public static void CheckUsed(ClusterConfig cluster, ClusterKeyPaths paths, ConfigReader reader)
    {
        if (paths.SlowStart is { } at && cluster.SlowStart is not null && !Appliers.Contains(cluster.LbType))
        {
            reader.Warning(at, $"ignored: slow start applies to {string.Join(", ", Appliers)} (lb_type is {cluster.LbType})");
        }
    }
}
