using System.Diagnostics.CodeAnalysis;

namespace Mosn.Abstractions.Config;

/// <summary>
/// Parses Go duration strings, the format of every MOSN duration setting (MOSN's <c>api.DurationConfig</c> hands the
/// text to Go's <c>time.ParseDuration</c>): an optional sign, then one or more decimal numbers each followed by a unit
/// (<c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), as in <c>"10s"</c>, <c>"1m30s"</c>,
/// <c>"1.5s"</c>; <c>"0"</c> alone needs no unit. Thread-safe (stateless). Filter factories can use it for durations in
/// their own raw config.
/// </summary>
public static class GoDuration
{
    // Go keeps durations as int64 nanoseconds; larger values are an overflow there, so they are here.
    private const decimal MaxNanoseconds = long.MaxValue;

    /// <summary>Parses <paramref name="text"/> as a Go duration.</summary>
    /// <param name="text">The text, e.g. <c>"500ms"</c>.</param>
    /// <param name="value">The duration (truncated to 100 ns ticks); negative when the text has a leading minus.</param>
    /// <returns>False when the text is not a valid Go duration or is out of range.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
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

        decimal totalNanoseconds = 0;
        while (!s.IsEmpty)
        {
            if (!TryReadNumber(ref s, out var number) || !TryReadUnit(ref s, out var unitNanoseconds))
            {
                return false;
            }

            totalNanoseconds += number * unitNanoseconds;
            if (totalNanoseconds > MaxNanoseconds)
            {
                return false;
            }
        }

        var ticks = (long)(totalNanoseconds / 100m);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    private static bool TryReadNumber(ref ReadOnlySpan<char> s, out decimal number)
    {
        number = 0;
        var digits = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
        {
            number = (number * 10) + (s[i] - '0');
            if (number > MaxNanoseconds)
            {
                return false;
            }
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var scale = 0.1m;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                // Digits past decimal's precision cannot change a nanosecond count; skip them.
                if (scale > 0.000000000000000000001m)
                {
                    number += (s[i] - '0') * scale;
                    scale /= 10;
                }
            }
        }

        s = s[i..];
        return digits > 0;
    }

    private static bool TryReadUnit(ref ReadOnlySpan<char> s, out decimal unitNanoseconds)
    {
        var end = 0;
        while (end < s.Length && s[end] != '.' && !char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        unitNanoseconds = s[..end] switch
        {
            "ns" => 1m,
            "us" or "\u00B5s" or "\u03BCs" => 1_000m,
            "ms" => 1_000_000m,
            "s" => 1_000_000_000m,
            "m" => 60_000_000_000m,
            "h" => 3_600_000_000_000m,
            _ => 0m,
        };
        s = s[end..];
        return unitNanoseconds > 0;
    }
}
