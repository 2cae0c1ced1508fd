using System.Globalization;

namespace Mosn.Filters.TcpProxy;

/// <summary>An inclusive port range; MOSN writes a list of them as <c>"80,443,8000-9000"</c>. Immutable.</summary>
internal readonly record struct PortRange(int Min, int Max)
{
    /// <summary>True when <paramref name="port"/> is in the range.</summary>
    public bool Contains(int port) => port >= Min && port <= Max;

    /// <summary>Parses a comma-separated list of ports and <c>min-max</c> ranges; false (with the bad item) on the first invalid item.</summary>
    public static bool TryParseList(string text, out PortRange[] ranges, out string? badItem)
    {
        var list = new List<PortRange>();
        badItem = null;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            var ok = dash < 0
                ? TryPort(raw, out var min) & TryPort(raw, out var max)
                : TryPort(raw[..dash], out min) & TryPort(raw[(dash + 1)..], out max);
            if (!ok || min > max)
            {
                badItem = raw;
                ranges = [];
                return false;
            }

            list.Add(new PortRange(min, max));
        }

        ranges = [.. list];
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}";

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
}
