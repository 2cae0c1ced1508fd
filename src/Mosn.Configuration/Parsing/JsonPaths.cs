namespace Mosn.Configuration.Parsing;

/// <summary>Builds the JSON paths used in diagnostics, e.g. <c>servers[0].listeners[1].address</c>.</summary>
internal static class JsonPaths
{
    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/> ("" is the root).</summary>
    public static string Property(string parent, string name)
    {
        var plain = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-');
        if (!plain)
        {
            // Keys such as "mosn.lb" would read as two levels; quote them.
            return $"{parent}[\"{name}\"]";
        }

        return parent.Length == 0 ? name : $"{parent}.{name}";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
