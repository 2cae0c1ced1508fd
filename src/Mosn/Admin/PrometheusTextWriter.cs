using System.Globalization;
using System.Text;

namespace Mosn.Admin;

/// <summary>
/// Writes collected metrics in the Prometheus text exposition format, version 0.0.4: a <c># HELP</c> and a <c># TYPE</c>
/// line per family, then one sample line per label set. Names are the instrument names with every character outside
/// <c>[a-zA-Z0-9_]</c> replaced by <c>_</c>; counters get the <c>_total</c> suffix. Stateless and thread-safe.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Prometheus name of a family: sanitized, with <c>_total</c> for counters.</summary>
    public static string FamilyName(MetricFamily family)
    {
        var name = Sanitize(family.Name);
        return family.IsCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>Appends <paramref name="families"/> to <paramref name="output"/>. Families with no value are left out.</summary>
    public static void Write(IReadOnlyList<MetricFamily> families, StringBuilder output)
    {
        foreach (var family in families)
        {
            if (family.Points.Count == 0)
            {
                continue;
            }

            var name = FamilyName(family);
            output.Append("# HELP ").Append(name).Append(' ');
            AppendEscaped(output, family.Description ?? family.Name, escapeQuote: false);
            output.Append('\n');
            output.Append("# TYPE ").Append(name).Append(family.IsCounter ? " counter\n" : " gauge\n");
            foreach (var point in family.Points)
            {
                output.Append(name);
                if (point.Labels.Length > 0)
                {
                    output.Append('{');
                    for (var i = 0; i < point.Labels.Length; i++)
                    {
                        if (i > 0)
                        {
                            output.Append(',');
                        }

                        output.Append(Sanitize(point.Labels[i].Key)).Append("=\"");
                        AppendEscaped(output, point.Labels[i].Value, escapeQuote: true);
                        output.Append('"');
                    }

                    output.Append('}');
                }

                output.Append(' ').Append(point.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    // Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names: [a-zA-Z_][a-zA-Z0-9_]*. Colons are reserved for recording
    // rules, so instrument names map them to '_' too.
    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    // HELP text escapes '\' and line feeds; label values also escape '"'.
    private static void AppendEscaped(StringBuilder output, string text, bool escapeQuote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    output.Append(@"\\");
                    break;
                case '\n':
                    output.Append(@"\n");
                    break;
                case '"' when escapeQuote:
                    output.Append("\\\"");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
    }
}
