using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HPackIntegerTests
{
    [Theory]
    [InlineData(10, 5, "0a")] // RFC 7541 C.1.1
    [InlineData(1337, 5, "1f9a0a")] // C.1.2
    [InlineData(42, 8, "2a")] // C.1.3
    public void Encode_RfcExamples_MatchAppendixC1(int value, int prefixBits, string hex)
    {
        var destination = new byte[8];

        var written = HPackInteger.Encode(value, prefixBits, 0, destination);

        Assert.Equal(RfcExamples.Hex(hex), destination[..written]);
        Assert.Equal(written, HPackInteger.GetEncodedLength(value, prefixBits));
    }

    public static TheoryData<int, int> Boundaries()
    {
        var data = new TheoryData<int, int>();
        for (var prefix = 1; prefix <= 8; prefix++)
        {
            var max = (1 << prefix) - 1;
            foreach (var value in new[] { 0, max - 1, max, max + 1, max + 127, max + 128, max + 16383, max + 16384, int.MaxValue }.Distinct())
            {
                if (value >= 0)
                {
                    data.Add(prefix, value);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void EncodeDecode_PrefixBoundaries_RoundTrip(int prefixBits, int value)
    {
        var destination = new byte[8];
        var flags = (byte)(0xFF << prefixBits); // bits above the prefix must be ignored by the decoder
        var written = HPackInteger.Encode(value, prefixBits, flags, destination);
        var position = 0;

        var error = HPackInteger.Decode(destination.AsSpan(0, written), ref position, prefixBits, out var decoded);

        Assert.Equal(HPackError.None, error);
        Assert.Equal(value, decoded);
        Assert.Equal(written, position);
        Assert.Equal(written, HPackInteger.GetEncodedLength(value, prefixBits));
        Assert.Equal(value < (1 << prefixBits) - 1 ? 1 : 2, Math.Min(written, 2));
    }

    [Theory]
    [InlineData("", 5)]
    [InlineData("1f", 5)] // prefix saturated, no continuation
    [InlineData("1f9a", 5)] // continuation bit set on the last byte
    [InlineData("ff", 8)]
    public void Decode_Truncated_ReturnsTruncated(string hex, int prefixBits)
    {
        var position = 0;

        var error = HPackInteger.Decode(RfcExamples.Hex(hex), ref position, prefixBits, out _);

        Assert.Equal(HPackError.Truncated, error);
    }

    [Theory]
    [InlineData("1f ffffffff 07", 5)] // 31 + 2^32 - 1 + ...
    [InlineData("1f e1ffffff 07", 5)] // int.MaxValue + 1 exactly (31 + 0x7fffffe1 = 2^31)
    [InlineData("01 8080808080 00", 1)] // six continuation bytes of zero padding
    [InlineData("ff 80808080808080808080808000", 8)]
    public void Decode_Overflow_ReturnsIntegerOverflow(string hex, int prefixBits)
    {
        var position = 0;

        var error = HPackInteger.Decode(RfcExamples.Hex(hex), ref position, prefixBits, out _);

        Assert.Equal(HPackError.IntegerOverflow, error);
    }

    [Fact]
    public void Decode_IntMaxValue_Accepted()
    {
        // 31 + 0x7fffffe0 = int.MaxValue.
        var position = 0;

        var error = HPackInteger.Decode(RfcExamples.Hex("1f e0ffffff 07"), ref position, 5, out var value);

        Assert.Equal(HPackError.None, error);
        Assert.Equal(int.MaxValue, value);
    }

    [Fact]
    public void Decode_TrailingBytes_StopsAfterInteger()
    {
        var position = 0;

        var error = HPackInteger.Decode(RfcExamples.Hex("bf9a0a02"), ref position, 5, out var value);

        Assert.Equal(HPackError.None, error);
        Assert.Equal(1337, value);
        Assert.Equal(3, position);
    }

    [Fact]
    public void Encode_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HPackInteger.Encode(-1, 5, 0, new byte[8]));
    }
}
