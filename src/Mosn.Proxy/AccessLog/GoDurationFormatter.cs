using System.Text;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// Writes a duration the way Go's <c>time.Duration.String()</c> does, as MOSN's access log prints durations:
/// <c>0s</c>, <c>800ns</c>, <c>1.5µs</c>, <c>12.3456ms</c>, <c>2.5s</c>, <c>1m30s</c>, <c>1h0m0.5s</c>. Stateless, thread-safe.
/// </summary>
internal static class GoDurationFormatter
{
    /// <summary>Appends <paramref name="value"/> (100 ns resolution) to <paramref name="builder"/>.</summary>
    public static void Append(StringBuilder builder, TimeSpan value)
    {
        Span<char> buffer = stackalloc char[40];
        var written = Format(value, buffer);
        builder.Append(buffer[^written..]);
    }

    /// <summary>Formats <paramref name="value"/>.</summary>
    public static string Format(TimeSpan value)
    {
        var builder = new StringBuilder(16);
        Append(builder, value);
        return builder.ToString();
    }

    // Fills buffer from its end (Go's own algorithm shape) and returns the number of chars written.
    private static int Format(TimeSpan value, Span<char> buffer)
    {
        var negative = value.Ticks < 0;
        var ns = negative ? (ulong)-(value.Ticks * 100) : (ulong)(value.Ticks * 100);
        var w = buffer.Length;
        if (ns < 1_000_000_000UL)
        {
            if (ns == 0)
            {
                "0s".AsSpan().CopyTo(buffer[^2..]);
                return 2;
            }

            int precision;
            buffer[--w] = 's';
            if (ns < 1_000UL)
            {
                precision = 0;
                buffer[--w] = 'n';
            }
            else if (ns < 1_000_000UL)
            {
                precision = 3;
                buffer[--w] = 'µ';
            }
            else
            {
                precision = 6;
                buffer[--w] = 'm';
            }

            w = AppendFraction(buffer, w, ref ns, precision);
            w = AppendInteger(buffer, w, ns);
        }
        else
        {
            buffer[--w] = 's';
            w = AppendFraction(buffer, w, ref ns, 9);
            w = AppendInteger(buffer, w, ns % 60);
            ns /= 60;
            if (ns > 0)
            {
                buffer[--w] = 'm';
                w = AppendInteger(buffer, w, ns % 60);
                ns /= 60;
                if (ns > 0)
                {
                    buffer[--w] = 'h';
                    w = AppendInteger(buffer, w, ns);
                }
            }
        }

        if (negative)
        {
            buffer[--w] = '-';
        }

        return buffer.Length - w;
    }

    // Writes the low `precision` digits of v as a fraction without trailing zeros (and no '.' when all are zero); v keeps the integer part.
    private static int AppendFraction(Span<char> buffer, int w, ref ulong v, int precision)
    {
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = v % 10;
            print |= digit != 0;
            if (print)
            {
                buffer[--w] = (char)('0' + digit);
            }

            v /= 10;
        }

        if (print)
        {
            buffer[--w] = '.';
        }

        return w;
    }

    private static int AppendInteger(Span<char> buffer, int w, ulong v)
    {
        do
        {
            buffer[--w] = (char)('0' + (v % 10));
            v /= 10;
        }
        while (v > 0);
        return w;
    }
}
