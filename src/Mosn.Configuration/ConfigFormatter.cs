using Mosn.Abstractions.Config;

namespace Mosn.Configuration;

/// <summary>Turns configuration diagnostics into human-readable lines for the console or a log. Thread-safe (stateless).</summary>
public static class ConfigFormatter
{
    /// <summary>
    /// Formats every diagnostic as one line, errors first then warnings, each as
    /// <c>error: &lt;path&gt;: &lt;message&gt;</c> or <c>warning: &lt;path&gt;: &lt;message&gt;</c>
    /// (without the path part when a diagnostic has no path, e.g. a JSON syntax error).
    /// </summary>
    /// <param name="diagnostics">The diagnostics to format.</param>
    /// <returns>The lines, in order; empty when there is nothing to report.</returns>
    public static IReadOnlyList<string> FormatLines(ConfigDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var lines = new List<string>(diagnostics.Errors.Count + diagnostics.Warnings.Count);
        foreach (var error in diagnostics.Errors)
        {
            lines.Add(FormatLine("error", error));
        }

        foreach (var warning in diagnostics.Warnings)
        {
            lines.Add(FormatLine("warning", warning));
        }

        return lines;
    }

    /// <summary>Formats every diagnostic as <see cref="FormatLines"/> does, joined with <c>\n</c>.</summary>
    /// <param name="diagnostics">The diagnostics to format.</param>
    /// <returns>The text; empty when there is nothing to report.</returns>
    public static string Format(ConfigDiagnostics diagnostics) => string.Join('\n', FormatLines(diagnostics));

    /// <summary>Formats one diagnostic as <c>&lt;severity&gt;: &lt;path&gt;: &lt;message&gt;</c>.</summary>
    /// <param name="severity">The prefix, e.g. <c>error</c> or <c>warning</c>.</param>
    /// <param name="diagnostic">The diagnostic.</param>
    /// <returns>The line.</returns>
    public static string FormatLine(string severity, ConfigDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return string.IsNullOrEmpty(diagnostic.Path)
            ? $"{severity}: {diagnostic.Message}"
            : $"{severity}: {diagnostic.Path}: {diagnostic.Message}";
    }
}
