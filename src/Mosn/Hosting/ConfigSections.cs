using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mosn.Hosting;

/// <summary>
/// The canonical (whitespace-free) JSON text of one part of a configuration file, found by the JSON path the loader
/// recorded (e.g. <c>servers[0].listeners[1]</c>): how live reload tells an unchanged listener, router or cluster from a
/// changed one.
/// </summary>
internal sealed class ConfigSections : IDisposable
{
    private readonly JsonDocument? _document;

    /// <summary>Parses <paramref name="json"/> (null or unparsable: every lookup answers null).</summary>
    public ConfigSections(string? json)
    {
        if (json is null)
        {
            return;
        }

        try
        {
            _document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            _document = null;
        }
    }

    /// <summary>The canonical text at <paramref name="path"/>; null when the path is empty or does not resolve.</summary>
    public string? Get(string path)
    {
        if (_document is null || string.IsNullOrEmpty(path) || !TryResolve(_document.RootElement, path, out var element))
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>True when both texts are known and equal.</summary>
    public static bool Same(string? a, string? b) => a is not null && a == b;

    /// <inheritdoc />
    public void Dispose() => _document?.Dispose();

    private static bool TryResolve(JsonElement root, string path, out JsonElement element)
    {
        element = root;
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
            }

            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = path[(i + 1)..close];
                i = close + 1;
                if (inner.StartsWith('"'))
                {
                    if (element.ValueKind != JsonValueKind.Object || !TryProperty(element, inner.Trim('"'), out element))
                    {
                        return false;
                    }
                }
                else if (element.ValueKind == JsonValueKind.Array
                    && int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength())
                {
                    element = element[index];
                }
                else
                {
                    return false;
                }

                continue;
            }

            var end = i;
            while (end < path.Length && path[end] is not '.' and not '[')
            {
                end++;
            }

            if (element.ValueKind != JsonValueKind.Object || !TryProperty(element, path[i..end], out element))
            {
                return false;
            }

            i = end;
        }

        return true;
    }

    // Paths carry the property names as written in the file.
    private static bool TryProperty(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
