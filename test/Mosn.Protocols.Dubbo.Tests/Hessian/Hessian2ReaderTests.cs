using Mosn.Protocols.Dubbo.Hessian;

namespace Mosn.Protocols.Dubbo.Tests.Hessian;

public sealed class Hessian2ReaderTests
{
    private static (bool Ok, string? Value) ReadString(byte[] bytes)
    {
        var reader = new Hessian2Reader(new ReadOnlySequence<byte>(bytes));
        var ok = reader.TryReadString(out var value);
        return (ok && reader.End, value);
    }

    [Fact]
    public void TryReadString_CompactMediumChunkedAndNull()
    {
        // Hessian 2.0 spec examples: x00 "", x05 "hello", x01 xc3 x83 "\u00c3", 'N' null.
        Assert.Equal((true, ""), ReadString([0x00]));
        Assert.Equal((true, "hello"), ReadString([0x05, .. "hello"u8]));
        Assert.Equal((true, "\u00c3"), ReadString([0x01, 0xc3, 0x83]));
        Assert.Equal((true, null), ReadString([(byte)'N']));

        // Medium: x30 x20 = 32 chars.
        var medium = new string('a', 32);
        Assert.Equal((true, medium), ReadString([0x30, 0x20, .. System.Text.Encoding.ASCII.GetBytes(medium)]));

        // A non-final 'R' chunk of 2 chars then a final compact one: "abcd".
        Assert.Equal((true, "abcd"), ReadString([(byte)'R', 0x00, 0x02, (byte)'a', (byte)'b', 0x02, (byte)'c', (byte)'d']));

        // Lengths count UTF-16 units: a 4-byte UTF-8 character is two.
        Assert.Equal((true, "😀"), ReadString([0x02, 0xf0, 0x9f, 0x98, 0x80]));
    }

    [Theory]
    [InlineData(new byte[] { 0x05, (byte)'h', (byte)'i' })] // truncated
    [InlineData(new byte[] { 0x01, 0xff })] // not UTF-8
    [InlineData(new byte[] { 0x01, 0xc3, 0x41 })] // bad continuation byte
    [InlineData(new byte[] { (byte)'R', 0x00, 0x01, (byte)'a' })] // a non-final chunk with nothing after
    [InlineData(new byte[] { 0x90 })] // an int, not a string
    public void TryReadString_Invalid_False(byte[] bytes)
    {
        Assert.False(ReadString(bytes).Ok);
    }

    [Theory]
    [InlineData(new byte[] { 0x90 }, 0)]
    [InlineData(new byte[] { 0xbf }, 47)]
    [InlineData(new byte[] { 0xc8, 0x30 }, 48)]
    [InlineData(new byte[] { 0xd4, 0x00, 0x00 }, 0)]
    [InlineData(new byte[] { 0xd3, 0xff, 0xff }, -1)]
    [InlineData(new byte[] { (byte)'I', 0x00, 0x01, 0x00, 0x00 }, 65536)]
    public void TryReadInt_EveryForm(byte[] bytes, int expected)
    {
        var reader = new Hessian2Reader(new ReadOnlySequence<byte>(bytes));
        Assert.True(reader.TryReadInt(out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TrySkipValue_ObjectRefersToAnUnknownClass_False()
    {
        var reader = new Hessian2Reader(new ReadOnlySequence<byte>([0x60, 0x90]));
        Assert.False(reader.TrySkipValue());
    }

    [Fact]
    public void TrySkipValue_DeepNesting_FalseNotStackOverflow()
    {
        var bytes = Enumerable.Repeat((byte)0x79, 10_000).Append((byte)'N').ToArray(); // lists of one list of one ...
        var reader = new Hessian2Reader(new ReadOnlySequence<byte>(bytes));
        Assert.False(reader.TrySkipValue());
    }

    [Fact]
    public void TrySkipValue_ListLengthPastTheInput_False()
    {
        var reader = new Hessian2Reader(new ReadOnlySequence<byte>([(byte)'X', (byte)'I', 0x7f, 0xff, 0xff, 0xff, (byte)'N']));
        Assert.False(reader.TrySkipValue());
    }

    [Theory]
    [InlineData("")]
    [InlineData("404|no route")]
    [InlineData("名前 and more")]
    public void Writer_RoundTripsThroughTheReader(string text)
    {
        var output = new ArrayBufferWriter<byte>();
        Hessian2Writer.WriteString(output, text);
        Assert.Equal((true, text), ReadString(output.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Writer_LongString_ChunkedAndReadBack()
    {
        var text = new string('x', 70_000);
        var output = new ArrayBufferWriter<byte>();
        Hessian2Writer.WriteString(output, text);

        Assert.Equal((byte)'R', output.WrittenSpan[0]);
        Assert.Equal((true, text), ReadString(output.WrittenSpan.ToArray()));
    }
}
