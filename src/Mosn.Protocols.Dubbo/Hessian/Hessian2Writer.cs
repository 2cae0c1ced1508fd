using System.Buffers.Binary;
using System.Text;

namespace Mosn.Protocols.Dubbo.Hessian;

/// <summary>Writes the few Hessian 2.0 values the proxy produces itself (error messages, null). Stateless.</summary>
internal static class Hessian2Writer
{
    /// <summary>The most UTF-16 units one string chunk holds.</summary>
    private const int MaxChunk = 0xffff;

    /// <summary>Hessian's null.</summary>
    public const byte Null = (byte)'N';

    /// <summary>Writes <paramref name="value"/> as a Hessian 2.0 string: compact for up to 31 and 1023 units, else 'R'/'S' chunks.</summary>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        var offset = 0;
        do
        {
            var count = Math.Min(MaxChunk, value.Length - offset);
            if (count < value.Length - offset && char.IsHighSurrogate(value[offset + count - 1]))
            {
                count--; // keep a surrogate pair in one chunk
            }

            var chunk = value.AsSpan(offset, count);
            offset += count;
            var final = offset == value.Length;
            var bytes = Encoding.UTF8.GetByteCount(chunk);
            var span = output.GetSpan(3 + bytes);
            int head;
            if (final && count <= 31)
            {
                span[0] = (byte)count;
                head = 1;
            }
            else if (final && count <= 1023)
            {
                span[0] = (byte)(0x30 + (count >> 8));
                span[1] = (byte)count;
                head = 2;
            }
            else
            {
                span[0] = final ? (byte)'S' : (byte)'R';
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
                head = 3;
            }

            Encoding.UTF8.GetBytes(chunk, span[head..]);
            output.Advance(head + bytes);
        }
        while (offset < value.Length);
    }
}
