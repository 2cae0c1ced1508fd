using System.Text.Json;

namespace Mosn.Admin;

/// <summary>
/// Writes collected metrics as the JSON of <c>/api/v1/stats</c>, shaped like MOSN's console sink: metric type (the
/// instrument group: listener, downstream, cluster, host, ...) → label set (<c>global</c> when there is none, else
/// <c>name=value</c> pairs joined with <c>,</c>) → metric name → value. Stateless and thread-safe.
/// </summary>
internal static class StatsJsonWriter
{
    /// <summary>The key of a value without labels.</summary>
    public const string Global = "global";

    /// <summary>Writes <paramref name="families"/> to <paramref name="writer"/> as one JSON object.</summary>
    public static void Write(IReadOnlyList<MetricFamily> families, Utf8JsonWriter writer)
    {
        // group -> labels -> metric -> value, kept in instrument order.
        var groups = new Dictionary<string, Dictionary<string, List<(string Metric, long Value)>>>(StringComparer.Ordinal);
        var groupOrder = new List<string>();
        foreach (var family in families)
        {
            var (group, metric) = Split(family.Name);
            if (!groups.TryGetValue(group, out var byLabels))
            {
                groups[group] = byLabels = new Dictionary<string, List<(string, long)>>(StringComparer.Ordinal);
                groupOrder.Add(group);
            }

            foreach (var point in family.Points)
            {
                var key = point.Labels.Length == 0 ? Global : string.Join(',', point.Labels.Select(l => $"{l.Key}={l.Value}"));
                if (!byLabels.TryGetValue(key, out var values))
                {
                    byLabels[key] = values = [];
                }

                values.Add((metric, point.Value));
            }
        }

        writer.WriteStartObject();
        foreach (var group in groupOrder)
        {
            writer.WriteStartObject(group);
            foreach (var (labels, values) in groups[group])
            {
                writer.WriteStartObject(labels);
                foreach (var (metric, value) in values)
                {
                    writer.WriteNumber(metric, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    // "mosn.cluster.requests_active" -> ("cluster", "requests_active"); a name without a group goes to "mosn".
    private static (string Group, string Metric) Split(string name)
    {
        var rest = name.StartsWith("mosn.", StringComparison.Ordinal) ? name["mosn.".Length..] : name;
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("mosn", rest) : (rest[..dot], rest[(dot + 1)..].Replace('.', '_'));
    }
}
