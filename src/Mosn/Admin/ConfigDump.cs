using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mosn.Admin;

/// <summary>
/// The JSON of <c>/api/v1/config_dump</c>: the configuration text the server was started from, with secrets redacted
/// (the value of every key whose name contains <c>password</c>, <c>secret</c>, <c>private_key</c> or <c>token</c>,
/// case-insensitive, becomes <c>"[redacted]"</c>, whatever its type). Stateless and thread-safe.
/// </summary>
/// <remarks>
/// MOSN's query forms are supported: <c>?mosnconfig</c> (the whole file), <c>?allrouters</c>, <c>?allclusters</c>,
/// <c>?alllisteners</c> (objects keyed by name), <c>?router=NAME</c>, <c>?cluster=NAME</c>, <c>?listener=NAME</c>.
/// </remarks>
internal static class ConfigDump
{
    /// <summary>What replaces a secret.</summary>
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretKeys = ["password", "secret", "private_key", "token"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>True when a key names a secret.</summary>
    public static bool IsSecret(string key) => SecretKeys.Any(s => key.Contains(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="json"/> and redacts its secrets; null when it is not valid JSON.</summary>
    public static JsonNode? LoadRedacted(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException)
        {
            // The server runs a config parsed from this text, so this only happens for a text set by hand.
            return null;
        }

        Redact(root);
        return root;
    }

    /// <summary>
    /// Selects what a query asks for from a redacted config (see the remarks). Returns null when the named router,
    /// cluster or listener does not exist, or the query is unknown.
    /// </summary>
    public static JsonNode? Select(JsonNode root, string? query, string? name)
    {
        switch (query)
        {
            case null or "" or "mosnconfig":
                return root;
            case "allrouters":
                return ByName(All(root, "routers"), "router_config_name");
            case "alllisteners":
                return ByName(All(root, "listeners"), "name");
            case "allclusters":
                return ByName(root["cluster_manager"]?["clusters"] as JsonArray ?? [], "name");
            case "router":
                return Find(All(root, "routers"), "router_config_name", name);
            case "listener":
                return Find(All(root, "listeners"), "name", name);
            case "cluster":
                return Find((root["cluster_manager"]?["clusters"] as JsonArray ?? []).Select(n => n), "name", name);
            default:
                return null;
        }
    }

    private static IEnumerable<JsonNode?> All(JsonNode root, string key) =>
        (root["servers"] as JsonArray ?? []).SelectMany(s => s?[key] as JsonArray ?? []);

    private static JsonObject ByName(IEnumerable<JsonNode?> items, string nameKey)
    {
        var result = new JsonObject();
        foreach (var item in items)
        {
            if (item is JsonObject o && o[nameKey]?.GetValueKind() == JsonValueKind.String)
            {
                result[o[nameKey]!.GetValue<string>()] = o.DeepClone();
            }
        }

        return result;
    }

    private static JsonNode? Find(IEnumerable<JsonNode?> items, string nameKey, string? name) =>
        items.FirstOrDefault(i => i is JsonObject o && o[nameKey]?.GetValueKind() == JsonValueKind.String && o[nameKey]!.GetValue<string>() == name)?.DeepClone();

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(key))
                    {
                        obj[key] = Redacted;
                    }
                    else
                    {
                        Redact(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }

                break;
        }
    }
}
