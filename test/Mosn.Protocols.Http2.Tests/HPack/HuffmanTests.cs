using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HuffmanTests
{
    // The Huffman-coded strings of RFC 7541 Appendix C.4 and C.6.
    public static TheoryData<string, string> RfcStrings => new()
    {
        { "f1e3 c2e5 f23a 6ba0 ab90 f4ff", "www.example.com" },
        { "a8eb 1064 9cbf", "no-cache" },
        { "25a8 49e9 5ba9 7d7f", "custom-key" },
        { "25a8 49e9 5bb8 e8b4 bf", "custom-value" },
        { "6402", "302" },
        { "640e ff", "307" },
        { "aec3 771a 4b", "private" },
        { "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff", "Mon, 21 Oct 2013 20:13:21 GMT" },
        { "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3", "https://www.example.com" },
        { "9bd9 ab", "gzip" },
        {
            "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
            "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"
        },
    };

    [Theory]
    [MemberData(nameof(RfcStrings))]
    public void Encode_RfcString_MatchesAppendixC(string hex, string text)
    {
        var source = Encoding.ASCII.GetBytes(text);
        var destination = new byte[Huffman.GetEncodedLength(source)];

        var written = Huffman.Encode(source, destination);

        Assert.Equal(RfcExamples.Hex(hex), destination[..written]);
        Assert.Equal(destination.Length, written);
    }

    [Theory]
    [MemberData(nameof(RfcStrings))]
    public void Decode_RfcString_ReturnsText(string hex, string text)
    {
        var source = RfcExamples.Hex(hex);
        var destination = new byte[Huffman.GetMaxDecodedLength(source.Length)];

        var status = Huffman.Decode(source, destination, out var written);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(text, Encoding.ASCII.GetString(destination, 0, written));
    }

    [Fact]
    public void Codes_AppendixB_AreCanonicalAndComplete()
    {
        // Canonical: sorted by (length, symbol), each code is the previous one plus one, shifted to the new length.
        var order = Enumerable.Range(0, Huffman.SymbolCount)
            .OrderBy(Huffman.GetCodeLength).ThenBy(s => s).ToArray();
        ulong code = 0;
        var previousLength = Huffman.GetCodeLength(order[0]);
        double kraft = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var length = Huffman.GetCodeLength(order[i]);
            if (i > 0)
            {
                code = (code + 1) << (length - previousLength);
            }

            previousLength = length;
            Assert.Equal(code, Huffman.GetCode(order[i]));
            kraft += Math.Pow(2, -length);
        }

        Assert.Equal(1.0, kraft);
        Assert.Equal(0x3fffffffu, Huffman.GetCode(Huffman.EndOfString));
        Assert.Equal(30, Huffman.GetCodeLength(Huffman.EndOfString));
        Assert.Equal(0x3u, Huffman.GetCode('a'));
        Assert.Equal(5, Huffman.GetCodeLength('a'));
    }

    [Fact]
    public void Decode_Empty_ReturnsEmpty()
    {
        var status = Huffman.Decode([], new byte[4], out var written);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("ffff ffff")] // 32 ones: the 30-bit EOS symbol itself
    [InlineData("1fff ffff ff")] // 'a' then EOS
    public void Decode_ContainsEos_InvalidData(string hex)
    {
        var status = Huffman.Decode(RfcExamples.Hex(hex), new byte[16], out _);

        Assert.Equal(OperationStatus.InvalidData, status);
    }

    [Theory]
    [InlineData("ff")] // 8 bits of padding
    [InlineData("1fff")] // 'a' (00011) then 11 bits of padding
    [InlineData("18")] // 'a' then padding 000: not the EOS prefix
    [InlineData("1e")] // 'a' then padding 110
    public void Decode_BadPadding_InvalidData(string hex)
    {
        var status = Huffman.Decode(RfcExamples.Hex(hex), new byte[16], out _);

        Assert.Equal(OperationStatus.InvalidData, status);
    }

    [Fact]
    public void Decode_ShortOnesPadding_Accepted()
    {
        // '0' is 00000: "00" is 10 bits, then 6 ones of padding.
        var status = Huffman.Decode(RfcExamples.Hex("003f"), new byte[8], out var written);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(2, written);

        // 'a' is 00011, then 3 ones of padding.
        status = Huffman.Decode(RfcExamples.Hex("1f"), new byte[8], out written);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(1, written);
    }

    [Fact]
    public void Decode_DestinationTooSmall_Reported()
    {
        var source = RfcExamples.Hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff");

        var status = Huffman.Decode(source, new byte[5], out _);

        Assert.Equal(OperationStatus.DestinationTooSmall, status);
    }

    [Fact]
    public void Encode_DestinationTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Huffman.Encode("www.example.com"u8, new byte[3]));
    }

    [Fact]
    public void EncodeDecode_RandomBytes_RoundTrip()
    {
        var random = new Random(7541);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var source = new byte[random.Next(0, 200)];
            random.NextBytes(source);
            var encoded = new byte[Huffman.GetEncodedLength(source)];
            Assert.Equal(encoded.Length, Huffman.Encode(source, encoded));

            var decoded = new byte[Huffman.GetMaxDecodedLength(encoded.Length)];
            var status = Huffman.Decode(encoded, decoded, out var written);

            Assert.Equal(OperationStatus.Done, status);
            Assert.Equal(source, decoded[..written]);
        }
    }

    [Fact]
    public void GetEncodedLength_EverySymbol_MatchesCodeLength()
    {
        for (var symbol = 0; symbol < 256; symbol++)
        {
            byte[] one = [(byte)symbol];
            Assert.Equal((Huffman.GetCodeLength(symbol) + 7) / 8, Huffman.GetEncodedLength(one));
        }
    }
}
