using System.Diagnostics;

namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// The static Huffman code of HPACK (RFC 7541 §5.2, Appendix B): encoding, encoded-length calculation and a
/// table-driven decoder. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// The decoder is a finite-state machine that consumes four bits at a time: a state is an internal node of the code
/// tree (256 of them), and each (state, nibble) entry gives the next state, at most one emitted symbol (codes are at
/// least 5 bits long) and whether stopping there is legal. Two table lookups per input byte, no per-bit loop.
/// </remarks>
internal static partial class Huffman
{
    private const int NibbleCount = 16;

    // Layout of a transition entry: bits 0-7 next state, bits 8-15 emitted symbol, then the flags.
    private const uint EmitFlag = 1u << 16;
    private const uint FailFlag = 1u << 17;
    private const uint AcceptFlag = 1u << 18;

    private static readonly uint[] s_transitions = BuildTransitions();

    /// <summary>The code of <paramref name="symbol"/> (0..256), right-aligned.</summary>
    public static uint GetCode(int symbol) => Codes[symbol];

    /// <summary>The length in bits of the code of <paramref name="symbol"/> (0..256).</summary>
    public static int GetCodeLength(int symbol) => CodeLengths[symbol];

    /// <summary>The number of bytes <see cref="Encode"/> writes for <paramref name="source"/>, padding included.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> source)
    {
        var lengths = CodeLengths;
        long bits = 0;
        foreach (var b in source)
        {
            bits += lengths[b];
        }

        return (int)((bits + 7) >> 3);
    }

    /// <summary>
    /// Huffman-encodes <paramref name="source"/> into <paramref name="destination"/>, padding the last byte with the
    /// most significant bits of EOS (ones), and returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than
    /// <see cref="GetEncodedLength"/> of <paramref name="source"/> (a programming error).</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var codes = Codes;
        var lengths = CodeLengths;
        ulong accumulator = 0;
        var pending = 0;
        var written = 0;
        foreach (var b in source)
        {
            // At most 7 pending bits plus a 30-bit code: always fits the 64-bit accumulator.
            accumulator = (accumulator << lengths[b]) | codes[b];
            pending += lengths[b];
            while (pending >= 8)
            {
                pending -= 8;
                if ((uint)written >= (uint)destination.Length)
                {
                    ThrowDestinationTooSmall();
                }

                destination[written++] = (byte)(accumulator >> pending);
            }
        }

        if (pending > 0)
        {
            if ((uint)written >= (uint)destination.Length)
            {
                ThrowDestinationTooSmall();
            }

            destination[written++] = (byte)((accumulator << (8 - pending)) | (0xFFu >> pending));
        }

        return written;
    }

    /// <summary>The largest number of bytes <paramref name="encodedLength"/> Huffman-coded bytes can decode to
    /// (every symbol is at least 5 bits).</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)(((long)encodedLength * 8) / 5);

    /// <summary>
    /// Decodes the Huffman-coded <paramref name="source"/> into <paramref name="destination"/>.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> with <paramref name="written"/> set; <see cref="OperationStatus.InvalidData"/>
    /// when the input holds EOS or ends with padding longer than 7 bits or not all ones (RFC 7541 §5.2);
    /// <see cref="OperationStatus.DestinationTooSmall"/> when the decoded string does not fit (the caller's length limit).
    /// </returns>
    public static OperationStatus Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        var transitions = s_transitions;
        uint state = 0;
        var accept = true;
        var count = 0;
        foreach (var b in source)
        {
            var entry = transitions[(int)((state << 4) | ((uint)b >> 4))];
            if ((entry & (FailFlag | EmitFlag)) != 0)
            {
                if ((entry & FailFlag) != 0)
                {
                    written = count;
                    return OperationStatus.InvalidData;
                }

                if ((uint)count >= (uint)destination.Length)
                {
                    written = count;
                    return OperationStatus.DestinationTooSmall;
                }

                destination[count++] = (byte)(entry >> 8);
            }

            entry = transitions[(int)(((entry & 0xFF) << 4) | (b & 0xFu))];
            if ((entry & (FailFlag | EmitFlag)) != 0)
            {
                if ((entry & FailFlag) != 0)
                {
                    written = count;
                    return OperationStatus.InvalidData;
                }

                if ((uint)count >= (uint)destination.Length)
                {
                    written = count;
                    return OperationStatus.DestinationTooSmall;
                }

                destination[count++] = (byte)(entry >> 8);
            }

            state = entry & 0xFF;
            accept = (entry & AcceptFlag) != 0;
        }

        written = count;
        return accept ? OperationStatus.Done : OperationStatus.InvalidData;
    }

    private static uint[] BuildTransitions()
    {
        // 1. The code tree: 256 internal nodes (a complete code over 257 symbols), node 0 is the root.
        //    children[2 * node + bit] >= 0 is an internal node, ~symbol (negative) is a leaf.
        var children = new int[2 * (SymbolCount - 1)];
        var depth = new int[SymbolCount - 1];
        var allOnes = new bool[SymbolCount - 1];
        allOnes[0] = true;
        var nodeCount = 1;
        for (var symbol = 0; symbol < SymbolCount; symbol++)
        {
            var code = Codes[symbol];
            int length = CodeLengths[symbol];
            var node = 0;
            for (var i = length - 1; i > 0; i--)
            {
                var bit = (int)((code >> i) & 1);
                var slot = (2 * node) + bit;
                if (children[slot] == 0)
                {
                    Debug.Assert(nodeCount < depth.Length, "the code is complete: 256 internal nodes");
                    children[slot] = nodeCount;
                    depth[nodeCount] = depth[node] + 1;
                    allOnes[nodeCount] = allOnes[node] && bit == 1;
                    nodeCount++;
                }

                node = children[slot];
            }

            children[(2 * node) + (int)(code & 1)] = ~symbol;
        }

        // 2. For every (node, nibble), walk four bits from the node.
        var transitions = new uint[(SymbolCount - 1) * NibbleCount];
        for (var state = 0; state < SymbolCount - 1; state++)
        {
            for (var nibble = 0; nibble < NibbleCount; nibble++)
            {
                var node = state;
                uint entry = 0;
                for (var i = 3; i >= 0; i--)
                {
                    var child = children[(2 * node) + ((nibble >> i) & 1)];
                    if (child >= 0)
                    {
                        node = child;
                        continue;
                    }

                    var symbol = ~child;
                    if (symbol == EndOfString)
                    {
                        entry = FailFlag;
                        break;
                    }

                    entry = EmitFlag | ((uint)symbol << 8);
                    node = 0;
                }

                if ((entry & FailFlag) == 0)
                {
                    // Stopping is legal on a symbol boundary or inside at most 7 bits of EOS's prefix (all ones).
                    var accepts = node == 0 || (allOnes[node] && depth[node] <= 7);
                    entry |= (uint)node | (accepts ? AcceptFlag : 0);
                }

                transitions[(state * NibbleCount) + nibble] = entry;
            }
        }

        return transitions;
    }

    private static void ThrowDestinationTooSmall() =>
        throw new ArgumentException("The destination is shorter than the Huffman-encoded length.", "destination");
}
