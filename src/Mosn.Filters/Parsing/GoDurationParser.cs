using System.Globalization;

namespace Mosn.Filters.Parsing;

/// <summary>
/// Parses MOSN duration values: a Go duration string (<c>"1s"</c>, <c>"1m30s"</c>, <c>"250ms"</c>, <c>"1.5h"</c>; a bare
/// <c>"0"</c>), as Go's <c>time.ParseDuration</c> accepts them, or a JSON integer of nanoseconds (how Go marshals a
/// <c>*time.Duration</c> field such as <c>tcp_proxy.idle_timeout</c>). Stateless and thread-safe.
/// </summary>
internal static class GoDurationParser
{
    private const double MaxNanoseconds = long.MaxValue;

    /// <summary>Parses <paramref name="text"/>; false when it is not a Go duration or overflows Go's int64 nanoseconds.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = s[0] == '-';
        if (s[0] is '-' or '+')
        {
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        double total = 0;
        while (!s.IsEmpty)
        {
            var numberEnd = 0;
            while (numberEnd < s.Length && (char.IsAsciiDigit(s[numberEnd]) || s[numberEnd] == '.'))
            {
                numberEnd++;
            }

            var unitEnd = numberEnd;
            while (unitEnd < s.Length && !char.IsAsciiDigit(s[unitEnd]) && s[unitEnd] != '.')
            {
                unitEnd++;
            }

            var number = s[..numberEnd];
            if (number.IsEmpty || number is "." || number.IndexOf('.') != number.LastIndexOf('.')
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            double unit = s[numberEnd..unitEnd] switch
            {
                "ns" => 1,
                "us" or "\u00B5s" or "\u03BCs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => 0,
            };
            if (unit == 0)
            {
                return false; // Go requires a unit after every number except a lone "0".
            }

            total += amount * unit;
            if (total > MaxNanoseconds)
            {
                return false;
            }

            s = s[unitEnd..];
        }

        var ticks = (long)(total / 100);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
