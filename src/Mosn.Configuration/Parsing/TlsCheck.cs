using System.Text.Json;

namespace Mosn.Configuration.Parsing;

/// <summary>Rejects TLS settings that turn TLS on: Mosn.NET does not implement TLS yet, and silently serving plain text would be unsafe.</summary>
internal static class TlsCheck
{
    /// <summary>Records an error when <paramref name="tls"/> (a MOSN TLS config object) has <c>"status": true</c>.</summary>
    /// <returns>True when TLS is enabled.</returns>
    public static bool ReportIfEnabled(JsonElement tls, string path, ConfigReader reader)
    {
        if (!reader.IsObject(tls, path))
        {
            return false;
        }

        foreach (var property in tls.EnumerateObject())
        {
            if (ConfigReader.Key(property) != "status")
            {
                continue;
            }

            var statusPath = JsonPaths.Property(path, property.Name);
            if (reader.Bool(property.Value, statusPath) == true)
            {
                reader.Error(statusPath, "TLS is not supported yet");
                return true;
            }
        }

        return false;
    }
}
