using System.Globalization;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Mapping;
using Mosn.Configuration.Parsing;
using Mosn.Configuration.Validation;

namespace Mosn.Configuration;

/// <summary>
/// Loads MOSN's v2 JSON configuration (<c>servers</c>, <c>listeners</c>, <c>routers</c>, <c>cluster_manager</c>,
/// <c>admin</c>) into <see cref="MosnConfig"/> and validates it, reporting every problem at once with its JSON path.
/// Parsing is done by hand over <see cref="JsonDocument"/> (no reflection: trimming and NativeAOT safe); comments and
/// trailing commas are allowed, and keys match case-insensitively as in MOSN's Go decoder.
/// </summary>
/// <remarks>
/// Thread-safe: every call is independent. Never throws for bad input: a syntax error, a wrong value or an unreadable
/// file comes back as an error in <see cref="ConfigLoadResult.Diagnostics"/>, and then
/// <see cref="ConfigLoadResult.Config"/> is null. Keys MOSN knows but Mosn.NET ignores, and keys MOSN does not know,
/// are warnings and do not stop start-up. Raw sections (<see cref="FilterConfig.Config"/>,
/// <see cref="FilterChainConfig.TlsContext"/>) are cloned and outlive the load.
/// </remarks>
public static class MosnConfigLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and loads the configuration file at <paramref name="path"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The configuration, or null with the reasons in the diagnostics (including a file that cannot be read).</returns>
    public static ConfigLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // A missing or unreadable file is a configuration problem to report, like any other.
            var diagnostics = new ConfigDiagnostics();
            diagnostics.AddError("", $"cannot read the configuration file \"{path}\": {ex.Message}");
            return new ConfigLoadResult(null, diagnostics);
        }

        return Load(json, path);
    }

    /// <summary>Loads a configuration from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">Where the text comes from (a file name), used in messages about JSON syntax.</param>
    /// <returns>The configuration, or null with every error found; warnings in both cases.</returns>
    public static ConfigLoadResult Load(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        var diagnostics = new ConfigDiagnostics();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            diagnostics.AddError("", SyntaxMessage(ex, sourceName));
            return new ConfigLoadResult(null, diagnostics);
        }

        using (document)
        {
            var reader = new ConfigReader(diagnostics);
            var config = MosnConfigMapper.Map(document.RootElement, reader);
            if (config is not null)
            {
                ConfigValidator.Validate(config, reader);
            }

            return new ConfigLoadResult(diagnostics.HasErrors ? null : config, diagnostics);
        }
    }

    private static string SyntaxMessage(JsonException ex, string sourceName)
    {
        // JsonException positions are zero-based; editors count from one.
        var line = (ex.LineNumber ?? 0) + 1;
        var column = (ex.BytePositionInLine ?? 0) + 1;
        // The reader's message repeats the position (zero-based) and a JSON path; keep only the description.
        var detail = ex.Message;
        foreach (var marker in (ReadOnlySpan<string>)[" LineNumber:", " Path:"])
        {
            var cut = detail.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                detail = detail[..cut];
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{sourceName}: invalid JSON at line {line}, column {column}: {detail}");
    }
}
