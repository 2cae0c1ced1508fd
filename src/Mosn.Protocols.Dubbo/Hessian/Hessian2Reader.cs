using System.Buffers.Binary;
using System.Globalization;

namespace Mosn.Protocols.Dubbo.Hessian;

/// <summary>
/// Reads just enough of a Hessian 2.0 stream (the serialization spec at caucho.com) to pull strings out and step over any
/// other value: strings are decoded, everything else is skipped without being materialised. Every method returns false
/// on bytes that are truncated or not valid Hessian 2.0, never throws, and never allocates for a length the input
/// cannot hold.
/// </summary>
/// <remarks>A mutable reader over the caller's bytes (valid while the sequence is); one thread.</remarks>
internal ref struct Hessian2Reader
{
    private const int MaxDepth = 64;

    private SequenceReader<byte> _reader;
    private List<int>? _classFieldCounts;

    public Hessian2Reader(in ReadOnlySequence<byte> data) => _reader = new SequenceReader<byte>(data);

    /// <summary>True when every byte was read.</summary>
    public readonly bool End => _reader.End;

    /// <summary>Reads a string (null for Hessian's null).</summary>
    public bool TryReadString(out string? value)
    {
        value = null;
        if (!_reader.TryPeek(out var code))
        {
            return false;
        }

        if (code == 'N')
        {
            _reader.Advance(1);
            return true;
        }

        if (!IsStringCode(code))
        {
            return false;
        }

        var chars = new System.Text.StringBuilder();
        return TryReadStringChunks(chars) && (value = chars.ToString()) is not null;
    }

    /// <summary>Reads an int (any of its three compact forms or the 4-byte one).</summary>
    public bool TryReadInt(out int value)
    {
        value = 0;
        if (!_reader.TryRead(out var code))
        {
            return false;
        }

        switch (code)
        {
            case >= 0x80 and <= 0xbf:
                value = code - 0x90;
                return true;
            case >= 0xc0 and <= 0xcf:
                if (!_reader.TryRead(out var b0))
                {
                    return false;
                }

                value = ((code - 0xc8) << 8) + b0;
                return true;
            case >= 0xd0 and <= 0xd7:
                if (!_reader.TryRead(out var c0) || !_reader.TryRead(out var c1))
                {
                    return false;
                }

                value = ((code - 0xd4) << 16) + (c0 << 8) + c1;
                return true;
            case (byte)'I':
                return _reader.TryReadBigEndian(out value);
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads a map ('H' untyped or 'M' typed) and calls <paramref name="onEntry"/> for each entry whose key is a string
    /// and whose value is a string or an int (as decimal text); other entries are skipped.
    /// </summary>
    public bool TryReadStringMap(Action<string, string> onEntry)
    {
        if (!_reader.TryRead(out var code))
        {
            return false;
        }

        if (code == 'M')
        {
            if (!TrySkipType())
            {
                return false;
            }
        }
        else if (code != 'H')
        {
            return false;
        }

        while (true)
        {
            if (!_reader.TryPeek(out var next))
            {
                return false;
            }

            if (next == 'Z')
            {
                _reader.Advance(1);
                return true;
            }

            string? key = null;
            if (IsStringCode(next))
            {
                if (!TryReadString(out key))
                {
                    return false;
                }
            }
            else if (!TrySkipValue(1))
            {
                return false;
            }

            if (!_reader.TryPeek(out var valueCode))
            {
                return false;
            }

            string? value = null;
            if (IsStringCode(valueCode))
            {
                if (!TryReadString(out value))
                {
                    return false;
                }
            }
            else if (IsIntCode(valueCode))
            {
                if (!TryReadInt(out var number))
                {
                    return false;
                }

                value = number.ToString(CultureInfo.InvariantCulture);
            }
            else if (!TrySkipValue(1))
            {
                return false;
            }

            if (key is not null && value is not null)
            {
                onEntry(key, value);
            }
        }
    }

    /// <summary>Steps over one value of any type (class definitions before it included).</summary>
    public bool TrySkipValue() => TrySkipValue(0);

    private bool TrySkipValue(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        while (true)
        {
            if (!_reader.TryPeek(out var code))
            {
                return false;
            }

            if (code != 'C')
            {
                break;
            }

            // A class definition precedes the object that uses it: read it, then skip the value after it.
            _reader.Advance(1);
            if (!TrySkipString() || !TryReadInt(out var fieldCount) || fieldCount < 0 || fieldCount > _reader.Remaining)
            {
                return false;
            }

            for (var i = 0; i < fieldCount; i++)
            {
                if (!TrySkipString())
                {
                    return false;
                }
            }

            (_classFieldCounts ??= []).Add(fieldCount);
        }

        _reader.TryPeek(out var first);
        if (IsStringCode(first))
        {
            return TrySkipString();
        }

        if (IsIntCode(first))
        {
            return TryReadInt(out _);
        }

        _reader.Advance(1);
        switch (first)
        {
            case (byte)'N' or (byte)'T' or (byte)'F':
            case >= 0xd8 and <= 0xef: // compact longs
            case 0x5b or 0x5c: // double 0.0, 1.0
                return true;
            case >= 0xf0 and <= 0xff:
            case 0x5d:
                return Skip(1);
            case >= 0x38 and <= 0x3f:
            case 0x5e:
                return Skip(2);
            case (byte)'Y' or 0x5f or 0x4b:
                return Skip(4);
            case (byte)'L' or (byte)'D' or (byte)'J':
                return Skip(8);
            case >= 0x20 and <= 0x2f: // short binary
                return Skip(first - 0x20);
            case >= 0x34 and <= 0x37: // medium binary
                return _reader.TryRead(out var low) && Skip(((first - 0x34) << 8) + low);
            case (byte)'b' or (byte)'B':
                return TrySkipBinaryChunks(first);
            case (byte)'O':
                return TryReadInt(out var classRef) && TrySkipObjectFields(classRef, depth);
            case >= 0x60 and <= 0x6f:
                return TrySkipObjectFields(first - 0x60, depth);
            case (byte)'Q':
                return TryReadInt(out _);
            case (byte)'U':
                return TrySkipType() && TrySkipUntilEnd(depth, pairs: false);
            case (byte)'W':
                return TrySkipUntilEnd(depth, pairs: false);
            case (byte)'V':
                return TrySkipType() && TryReadInt(out var typedLength) && TrySkipValues(typedLength, depth);
            case (byte)'X':
                return TryReadInt(out var length) && TrySkipValues(length, depth);
            case >= 0x70 and <= 0x77:
                return TrySkipType() && TrySkipValues(first - 0x70, depth);
            case >= 0x78 and <= 0x7f:
                return TrySkipValues(first - 0x78, depth);
            case (byte)'H':
                return TrySkipUntilEnd(depth, pairs: true);
            case (byte)'M':
                return TrySkipType() && TrySkipUntilEnd(depth, pairs: true);
            default:
                return false; // reserved or not a value
        }
    }

    private bool TrySkipObjectFields(int classRef, int depth) =>
        _classFieldCounts is { } counts && (uint)classRef < (uint)counts.Count && TrySkipValues(counts[classRef], depth);

    private bool TrySkipValues(int count, int depth)
    {
        if (count < 0 || count > _reader.Remaining)
        {
            return false; // every value takes at least one byte
        }

        for (var i = 0; i < count; i++)
        {
            if (!TrySkipValue(depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool TrySkipUntilEnd(int depth, bool pairs)
    {
        while (true)
        {
            if (!_reader.TryPeek(out var code))
            {
                return false;
            }

            if (code == 'Z')
            {
                _reader.Advance(1);
                return true;
            }

            if (!TrySkipValue(depth + 1) || (pairs && !TrySkipValue(depth + 1)))
            {
                return false;
            }
        }
    }

    /// <summary>A type: a string naming it, or an int referring to one named before.</summary>
    private bool TrySkipType() =>
        _reader.TryPeek(out var code) && (IsStringCode(code) ? TrySkipString() : TryReadInt(out _));

    private bool TrySkipBinaryChunks(byte code)
    {
        while (true)
        {
            if (!_reader.TryReadBigEndian(out short length) || !Skip((ushort)length))
            {
                return false;
            }

            if (code == 'B')
            {
                return true;
            }

            if (!_reader.TryRead(out code) || code is not ((byte)'b' or (byte)'B'))
            {
                return false;
            }
        }
    }

    private bool TrySkipString() => TryReadStringChunks(chars: null);

    /// <summary>Reads a string's chunks, appending its characters to <paramref name="chars"/> (or skipping them when null).</summary>
    private bool TryReadStringChunks(System.Text.StringBuilder? chars)
    {
        while (true)
        {
            if (!_reader.TryRead(out var code))
            {
                return false;
            }

            int length;
            var final = true;
            switch (code)
            {
                case <= 0x1f:
                    length = code;
                    break;
                case >= 0x30 and <= 0x33:
                    if (!_reader.TryRead(out var low))
                    {
                        return false;
                    }

                    length = ((code - 0x30) << 8) + low;
                    break;
                case (byte)'S' or (byte)'R':
                    if (!_reader.TryReadBigEndian(out short chunk))
                    {
                        return false;
                    }

                    length = (ushort)chunk;
                    final = code == 'S';
                    break;
                default:
                    return false;
            }

            if (!TryReadChars(length, chars))
            {
                return false;
            }

            if (final)
            {
                return true;
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> UTF-16 units written as UTF-8 (Java's encoding; a 4-byte sequence is two units).</summary>
    private bool TryReadChars(int count, System.Text.StringBuilder? chars)
    {
        if (count > _reader.Remaining)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        var units = 0;
        while (units < count)
        {
            if (!_reader.TryRead(out var lead))
            {
                return false;
            }

            var extra = lead switch
            {
                < 0x80 => 0,
                >= 0xc0 and < 0xe0 => 1,
                >= 0xe0 and < 0xf0 => 2,
                >= 0xf0 and < 0xf8 => 3,
                _ => -1,
            };
            if (extra < 0)
            {
                return false;
            }

            bytes[0] = lead;
            for (var i = 1; i <= extra; i++)
            {
                if (!_reader.TryRead(out bytes[i]) || (bytes[i] & 0xc0) != 0x80)
                {
                    return false;
                }
            }

            if (chars is not null)
            {
                AppendCodePoint(chars, bytes[..(extra + 1)]);
            }

            units += extra == 3 ? 2 : 1;
        }

        return units == count;
    }

    private static void AppendCodePoint(System.Text.StringBuilder chars, ReadOnlySpan<byte> utf8)
    {
        var codePoint = utf8.Length switch
        {
            1 => utf8[0],
            2 => ((utf8[0] & 0x1f) << 6) | (utf8[1] & 0x3f),
            3 => ((utf8[0] & 0x0f) << 12) | ((utf8[1] & 0x3f) << 6) | (utf8[2] & 0x3f),
            _ => ((utf8[0] & 0x07) << 18) | ((utf8[1] & 0x3f) << 12) | ((utf8[2] & 0x3f) << 6) | (utf8[3] & 0x3f),
        };
        if (codePoint <= 0xffff)
        {
            chars.Append((char)codePoint); // a lone surrogate (Java writes pairs as two 3-byte units) is kept as is
        }
        else if (codePoint <= 0x10ffff)
        {
            chars.Append(char.ConvertFromUtf32(codePoint));
        }
        else
        {
            chars.Append('\uFFFD');
        }
    }

    private bool Skip(int count)
    {
        if (count < 0 || count > _reader.Remaining)
        {
            return false;
        }

        _reader.Advance(count);
        return true;
    }

    private static bool IsStringCode(byte code) => code <= 0x1f || code is >= 0x30 and <= 0x33 || code == 'S' || code == 'R';

    private static bool IsIntCode(byte code) => code is >= 0x80 and <= 0xd7 || code == 'I';
}
