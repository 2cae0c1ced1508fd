using System.Globalization;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Mapping;

/// <summary>Maps a cluster's <c>health_check</c> (MOSN's keys) and its <c>check_config.http_check_config</c>.</summary>
internal static class HealthCheckMapper
{
    private const string HttpCheckConfigKey = "http_check_config";

    /// <summary>Maps <c>health_check</c>; null when the value is null or not an object (an error for the latter).</summary>
    public static HealthCheckConfig? Map(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var result = new HealthCheckConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "protocol":
                    result = result with { Protocol = reader.String(value, at) ?? "" };
                    break;
                case "timeout":
                    if (reader.Duration(value, at) is { } timeout)
                    {
                        if (timeout <= TimeSpan.Zero)
                        {
                            reader.Error(at, "a health check timeout must be greater than zero");
                        }
                        else
                        {
                            result = result with { Timeout = timeout };
                        }
                    }

                    break;
                case "interval":
                    if (reader.Duration(value, at) is { } interval)
                    {
                        if (interval <= TimeSpan.Zero)
                        {
                            reader.Error(at, "a health check interval must be greater than zero");
                        }
                        else
                        {
                            result = result with { Interval = interval };
                        }
                    }

                    break;
                case "interval_jitter":
                    if (reader.Duration(value, at) is { } jitter)
                    {
                        result = result with { IntervalJitter = jitter };
                    }

                    break;
                case "initial_delay_seconds":
                    if (InitialDelay(value, at, reader) is { } delay)
                    {
                        result = result with { InitialDelay = delay };
                    }

                    break;
                case "healthy_threshold":
                    // MOSN's uint32 where 0 would never mark a host healthy again: at least 1 here.
                    result = result with { HealthyThreshold = reader.Int32(value, at, 1, int.MaxValue) ?? result.HealthyThreshold };
                    break;
                case "unhealthy_threshold":
                    result = result with { UnhealthyThreshold = reader.Int32(value, at, 1, int.MaxValue) ?? result.UnhealthyThreshold };
                    break;
                case "service_name":
                    result = result with { ServiceName = reader.String(value, at) };
                    break;
                case "check_config":
                    result = result with { Http = MapCheckConfig(value, at, reader) };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.HealthCheck);
                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// <c>initial_delay_seconds</c>: a Go duration string as MOSN reads it (<c>"1s"</c>), or, as the name suggests, a
    /// JSON number of seconds.
    /// </summary>
    private static TimeSpan? InitialDelay(JsonElement value, string path, ConfigReader reader)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return reader.Duration(value, path);
        }

        if (value.TryGetDouble(out var seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        reader.Error(path, $"expected a duration like \"1s\" or a number of seconds, got {ConfigReader.Describe(value)}");
        return null;
    }

    private static HttpCheckConfig? MapCheckConfig(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        HttpCheckConfig? http = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            if (ConfigReader.Key(property) == HttpCheckConfigKey)
            {
                http = MapHttp(property.Value, at, reader);
            }
            else
            {
                // Session settings of checkers that do not exist here (e.g. an RPC heartbeat's): the TCP check runs.
                reader.Warning(at, $"ignored: no health check session reads \"{property.Name}\" (supported: {HttpCheckConfigKey})");
            }
        }

        return http;
    }

    private static HttpCheckConfig? MapHttp(JsonElement element, string path, ConfigReader reader)
    {
        if (!reader.IsObject(element, path))
        {
            return null;
        }

        var result = new HttpCheckConfig();
        foreach (var property in element.EnumerateObject())
        {
            var at = JsonPaths.Property(path, property.Name);
            var value = property.Value;
            var key = ConfigReader.Key(property);
            switch (key)
            {
                case "path":
                    var checkPath = reader.String(value, at);
                    if (checkPath is { Length: > 0 } && (checkPath[0] != '/' || checkPath.Any(c => c <= ' ' || c >= 0x7F)))
                    {
                        reader.Error(at, $"a health check path must start with '/' and hold no spaces or control characters, got \"{checkPath}\"");
                    }
                    else if (checkPath is { Length: > 0 })
                    {
                        result = result with { Path = checkPath };
                    }

                    break;
                case "method":
                    var method = reader.String(value, at);
                    if (method is { Length: > 0 } && !method.All(IsTokenChar))
                    {
                        reader.Error(at, $"\"{method}\" is not an HTTP method");
                    }
                    else if (method is { Length: > 0 })
                    {
                        result = result with { Method = method };
                    }

                    break;
                case "domain":
                    var domain = reader.String(value, at);
                    if (domain is { Length: > 0 } && domain.Any(c => c <= ' ' || c >= 0x7F))
                    {
                        reader.Error(at, $"a health check domain must hold no spaces or control characters, got \"{domain}\"");
                    }
                    else if (domain is { Length: > 0 })
                    {
                        result = result with { Domain = domain };
                    }

                    break;
                case "codes":
                    if (MapCodes(value, at, reader) is { } codes)
                    {
                        result = result with { Codes = codes };
                    }

                    break;
                case "timeout":
                    if (reader.Duration(value, at) is { } timeout && timeout > TimeSpan.Zero)
                    {
                        result = result with { Timeout = timeout };
                    }

                    break;
                case "port":
                    // MOSN ignores a port outside 1..65534 and checks the host's own port; 0 means the same here.
                    result = result with { Port = reader.Int32(value, at, 0, 65535) ?? 0 };
                    break;
                default:
                    reader.Skip(at, key, ConfigSection.HttpCheckConfig);
                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// <c>codes</c>: a list whose items are a status (<c>200</c>), an inclusive range as text (<c>"200-299"</c>), or
    /// Envoy's half-open range object (<c>{"start": 200, "end": 300}</c>). Null (with errors) when an item is invalid.
    /// </summary>
    private static List<StatusCodeRange>? MapCodes(JsonElement value, string path, ConfigReader reader)
    {
        var ranges = new List<StatusCodeRange>();
        var valid = true;
        foreach (var (item, itemPath) in reader.Items(value, path))
        {
            if (MapRange(item, itemPath, reader) is { } range)
            {
                ranges.Add(range);
            }
            else
            {
                valid = false;
            }
        }

        if (valid && ranges.Count == 0 && !ConfigReader.IsNull(value))
        {
            reader.Error(path, "codes must list at least one status or range");
            return null;
        }

        return valid && ranges.Count > 0 ? ranges : null;
    }

    private static StatusCodeRange? MapRange(JsonElement item, string path, ConfigReader reader)
    {
        const int MinStatus = 100;
        const int MaxStatus = 599;
        switch (item.ValueKind)
        {
            case JsonValueKind.Number:
                return reader.Int32(item, path, MinStatus, MaxStatus) is { } status ? new StatusCodeRange(status, status + 1) : null;
            case JsonValueKind.String:
                var text = item.GetString()!;
                var dash = text.IndexOf('-', StringComparison.Ordinal);
                var first = dash < 0 ? text : text[..dash];
                var last = dash < 0 ? text : text[(dash + 1)..];
                if (int.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                    && int.TryParse(last.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                    && from >= MinStatus && to <= MaxStatus && from <= to)
                {
                    return new StatusCodeRange(from, to + 1);
                }

                reader.Error(path, $"expected a status or a range like \"200-299\" within {MinStatus}-{MaxStatus}, got {ConfigReader.Describe(item)}");
                return null;
            case JsonValueKind.Object:
                int? start = null;
                int? end = null;
                foreach (var property in item.EnumerateObject())
                {
                    var at = JsonPaths.Property(path, property.Name);
                    switch (ConfigReader.Key(property))
                    {
                        case "start":
                            start = reader.Int32(property.Value, at, MinStatus, MaxStatus);
                            break;
                        case "end":
                            end = reader.Int32(property.Value, at, MinStatus + 1, MaxStatus + 1);
                            break;
                        default:
                            reader.Warning(at, $"unknown key \"{property.Name}\": a status range has \"start\" and \"end\"; ignored");
                            break;
                    }
                }

                if (start is { } s && end is { } e && s < e)
                {
                    return new StatusCodeRange(s, e);
                }

                reader.Error(path, "a status range needs \"start\" (included) below \"end\" (excluded)");
                return null;
            default:
                reader.Error(path, $"expected a status or a status range, got {ConfigReader.Describe(item)}");
                return null;
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
