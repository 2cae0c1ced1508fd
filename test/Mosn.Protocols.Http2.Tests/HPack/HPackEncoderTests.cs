using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HPackEncoderTests
{
    [Theory]
    [InlineData(false, RfcExamples.C31, RfcExamples.C32, RfcExamples.C33)]
    [InlineData(true, RfcExamples.C41, RfcExamples.C42, RfcExamples.C43)]
    public void EncodeHeader_C3C4Requests_MatchAppendixC(bool huffman, string first, string second, string third)
    {
        var encoder = new HPackEncoder(useHuffman: huffman);

        Assert.Equal(RfcExamples.Hex(first), EncodeBlock(encoder, RfcExamples.Request1));
        Assert.Equal(RfcExamples.Hex(second), EncodeBlock(encoder, RfcExamples.Request2));
        Assert.Equal(RfcExamples.Hex(third), EncodeBlock(encoder, RfcExamples.Request3));
        RfcExamples.AssertTable(encoder.DynamicTable, 164, RfcExamples.TableAfterRequest3);
    }

    [Theory]
    [InlineData(false, RfcExamples.C51, RfcExamples.C52, RfcExamples.C53)]
    [InlineData(true, RfcExamples.C61, RfcExamples.C62, RfcExamples.C63)]
    public void EncodeHeader_C5C6ResponsesWith256ByteTable_MatchAppendixC(bool huffman, string first, string second, string third)
    {
        var encoder = new HPackEncoder(maxDynamicTableSize: 256, useHuffman: huffman);

        // The RFC assumes both sides already use 256 bytes; we must announce it first (3f e1 01 = 256).
        Assert.Equal(RfcExamples.Hex("3fe101 " + first), EncodeBlock(encoder, RfcExamples.Response1));
        RfcExamples.AssertTable(encoder.DynamicTable, 222, RfcExamples.TableAfterResponse1);
        Assert.Equal(RfcExamples.Hex(second), EncodeBlock(encoder, RfcExamples.Response2));
        RfcExamples.AssertTable(encoder.DynamicTable, 222, RfcExamples.TableAfterResponse2);
        Assert.Equal(RfcExamples.Hex(third), EncodeBlock(encoder, RfcExamples.Response3));
        RfcExamples.AssertTable(encoder.DynamicTable, 215, RfcExamples.TableAfterResponse3);
    }

    [Theory]
    [InlineData("authorization", "Bearer abc", "1f08")] // never indexed, name index 23
    [InlineData("proxy-authorization", "Basic xyz", "1f22")] // never indexed, name index 49
    [InlineData("set-cookie", "id=1", "1f28")] // never indexed, name index 55
    [InlineData("cookie", "short=1", "1f11")] // never indexed, name index 32: short cookies are guessable
    [InlineData("content-length", "42", "0f0d")] // without indexing, name index 28
    [InlineData("date", "Mon, 21 Oct 2013 20:13:21 GMT", "0f12")] // without indexing, name index 33
    [InlineData("etag", "\"5f3a-1\"", "0f13")] // without indexing, name index 34
    [InlineData("last-modified", "Mon, 21 Oct 2013 20:13:21 GMT", "0f1d")] // without indexing, name index 44
    [InlineData("if-modified-since", "Mon, 21 Oct 2013 20:13:21 GMT", "0f19")] // without indexing, name index 40
    [InlineData("if-none-match", "\"5f3a-1\"", "0f1a")] // without indexing, name index 41
    [InlineData("age", "30", "0f06")] // without indexing, name index 21
    [InlineData("expires", "Mon, 21 Oct 2013 20:13:21 GMT", "0f15")] // without indexing, name index 36
    [InlineData("content-range", "bytes 0-9/10", "0f0f")] // without indexing, name index 30
    [InlineData("x-request-id", "0f8fad5b", "00")] // without indexing, new name
    [InlineData(":path", "/a/path/that/is/longer/than/sixty/four/bytes/so/it/is/not/worth/a/table/entry", "04")] // without indexing
    [InlineData(":path", "/plain", "44")] // incremental, name index 4
    [InlineData("accept", "*/*", "53")] // incremental, name index 19 (same length as no listed name)
    [InlineData(":path", "/search?q=1", "04")] // without indexing, name index 4
    [InlineData("content-type", "application/json", "5f10")] // incremental, name index 31
    [InlineData("cookie", "session=0123456789abcdefghij", "60")] // incremental, name index 32
    [InlineData("x-custom", "1", "40")] // incremental, new name
    public void EncodeHeader_AutoPolicy_ChoosesRepresentation(string name, string value, string expectedPrefix)
    {
        var encoder = new HPackEncoder(useHuffman: false);
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(output);

        encoder.EncodeHeader(name, value, HPackIndexing.Auto, output);

        var prefix = RfcExamples.Hex(expectedPrefix);
        Assert.Equal(prefix, output.WrittenSpan[..prefix.Length].ToArray());
        var decoded = DecodeAll(new HPackDecoder(), output.WrittenMemory.ToArray());
        Assert.Equal([(name, value)], decoded.Pairs);
    }

    [Fact]
    public void EncodeHeader_SameFieldTwice_SecondIsOneIndexedByte()
    {
        var encoder = new HPackEncoder();
        var output = new ArrayBufferWriter<byte>();
        encoder.EncodeHeader("x-tenant", "blue", HPackIndexing.Auto, output);
        var before = output.WrittenCount;

        encoder.EncodeHeader("x-tenant", "blue", HPackIndexing.Auto, output);

        Assert.Equal([0xbe], output.WrittenSpan[before..].ToArray());
    }

    [Fact]
    public void EncodeHeader_ValuesAlikeInLengthAndSampledBytes_NotConfusedInDynamicTable()
    {
        // The table's search pre-check looks at the length and a few bytes only: equal pre-checks must still compare the
        // bytes (same name, values differing only at index 1; names differing only at index 1 likewise).
        var encoder = new HPackEncoder();
        var decoder = new HPackDecoder();
        var fields = new[] { ("xa-a", "aXbcd"), ("xa-a", "aYbcd"), ("xb-a", "aXbcd"), ("xa-a", "aXbcd"), ("xb-a", "aYbcd") };

        var first = DecodeAll(decoder, EncodeBlock(encoder, fields));
        var second = DecodeAll(decoder, EncodeBlock(encoder, fields));

        Assert.Equal(fields, first.Pairs);
        Assert.Equal(fields, second.Pairs);
    }

    [Fact]
    public void EncodeHeader_NeverIndexed_DecoderSeesFlagEvenForStaticMatch()
    {
        var encoder = new HPackEncoder();
        var output = new ArrayBufferWriter<byte>();

        encoder.EncodeHeader(":method"u8, "GET"u8, HPackIndexing.NeverIndexed, output);
        encoder.EncodeHeader("authorization"u8, "secret"u8, HPackIndexing.Auto, output);

        var decoded = DecodeAll(new HPackDecoder(), output.WrittenMemory.ToArray());
        Assert.Equal(HeaderFieldFlags.NeverIndexed | HeaderFieldFlags.PseudoHeader, decoded.Fields[0].Flags);
        Assert.Equal(HeaderFieldFlags.NeverIndexed, decoded.Fields[1].Flags);
        Assert.Equal(0, encoder.DynamicTable.Count);
    }

    [Fact]
    public void EncodeHeader_StringOverload_LowercasesNameKeepsValue()
    {
        var encoder = new HPackEncoder();
        var output = new ArrayBufferWriter<byte>();

        encoder.EncodeHeader("X-Forwarded-For", "10.0.0.1, Ünïcode-Latin1", HPackIndexing.Auto, output);

        var decoded = DecodeAll(new HPackDecoder(), output.WrittenMemory.ToArray());
        Assert.Equal([("x-forwarded-for", "10.0.0.1, Ünïcode-Latin1")], decoded.Pairs);
    }

    [Fact]
    public void EncodeHeader_LongStringOverload_UsesPooledBuffer()
    {
        var encoder = new HPackEncoder();
        var output = new ArrayBufferWriter<byte>();
        var value = new string('v', 5000);

        encoder.EncodeHeader("x-long", value, HPackIndexing.Auto, output);

        var decoded = DecodeAll(new HPackDecoder(), output.WrittenMemory.ToArray());
        Assert.Equal([("x-long", value)], decoded.Pairs);
        Assert.Equal(0, encoder.DynamicTable.Count); // larger than the table: not indexed
    }

    [Fact]
    public void EncodeHeader_IncrementalLargerThanTable_DowngradedWithoutEmptyingTable()
    {
        var encoder = new HPackEncoder(maxDynamicTableSize: 256, useHuffman: false);
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(output);
        encoder.EncodeHeader("x-a"u8, "1"u8, HPackIndexing.Incremental, output);

        encoder.EncodeHeader("x-b"u8, new byte[300], HPackIndexing.Incremental, output);

        Assert.Equal(1, encoder.DynamicTable.Count);
        var decoder = new HPackDecoder();
        DecodeAll(decoder, output.WrittenMemory.ToArray());
        Assert.Equal(1, decoder.DynamicTable.Count);
    }

    [Fact]
    public void SetPeerHeaderTableSize_LoweredThenRaised_EmitsMinimumThenFinal()
    {
        var encoder = new HPackEncoder();
        var decoder = new HPackDecoder();
        DecodeAll(decoder, EncodeBlock(encoder, RfcExamples.Request1));

        encoder.SetPeerHeaderTableSize(0);
        encoder.SetPeerHeaderTableSize(1000);
        var block = EncodeBlock(encoder, RfcExamples.Request1);

        Assert.Equal(RfcExamples.Hex("20 3fc907"), block[..4]); // 0, then 31 + 969 = 1000
        DecodeAll(decoder, block);
        Assert.Equal(1000, encoder.DynamicTable.MaxSize);
        Assert.Equal(1000, decoder.DynamicTable.MaxSize);
        RfcExamples.AssertTable(decoder.DynamicTable, 57, RfcExamples.TableAfterRequest1);
    }

    [Fact]
    public void SetPeerHeaderTableSize_AboveCap_CappedAndSilent()
    {
        var encoder = new HPackEncoder(maxDynamicTableSize: 4096);

        encoder.SetPeerHeaderTableSize(uint.MaxValue);
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(output);

        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(4096, encoder.MaxDynamicTableSize);
    }

    [Fact]
    public void SetPeerHeaderTableSize_Lowered_DecoderWithLoweredSettingAccepts()
    {
        // Our decoder advertised 512 and the peer's encoder honours it.
        var encoder = new HPackEncoder();
        var decoder = new HPackDecoder();
        DecodeAll(decoder, EncodeBlock(encoder, RfcExamples.Request2));
        decoder.SetMaxDynamicTableSize(64);
        encoder.SetPeerHeaderTableSize(64);

        var block = EncodeBlock(encoder, RfcExamples.Request3);

        Assert.Equal(RfcExamples.Request3, DecodeAll(decoder, block).Pairs);
        Assert.Equal(64, decoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void EncodeDecode_ThousandsOfRandomHeaderSets_RoundTrip()
    {
        var random = new Random(20150530);
        var encoder = new HPackEncoder(maxDynamicTableSize: 1024);
        var decoder = new HPackDecoder(maxDynamicTableSize: 4096);
        string[] names =
        [
            ":method", ":path", ":authority", ":status", "content-type", "cookie", "set-cookie", "authorization",
            "content-length", "date", "x-request-id", "x-custom", "accept-encoding", "user-agent", "grpc-status",
        ];
        string[] values = ["GET", "/", "gzip, deflate", "200", "application/grpc", "0", "", "same-value"];

        for (var set = 0; set < 3000; set++)
        {
            if (random.Next(50) == 0)
            {
                encoder.SetPeerHeaderTableSize((uint)random.Next(0, 8192));
            }

            var expected = new List<(string, string)>();
            var output = new ArrayBufferWriter<byte>();
            encoder.BeginHeaderBlock(output);
            for (var i = random.Next(0, 20); i > 0; i--)
            {
                var name = random.Next(4) == 0 ? "x-" + random.Next(100) : names[random.Next(names.Length)];
                var value = random.Next(3) == 0 ? values[random.Next(values.Length)] : RandomValue(random);
                var indexing = (HPackIndexing)random.Next(4);
                encoder.EncodeHeader(name, value, indexing, output);
                expected.Add((name, value));
            }

            var headers = new HeaderCollector();
            Assert.Equal(HPackError.None, decoder.Decode(output.WrittenSpan, ref headers));
            Assert.Equal(expected, headers.Pairs);
            Assert.Equal(encoder.DynamicTable.Size, decoder.DynamicTable.Size);
            Assert.Equal(encoder.DynamicTable.Count, decoder.DynamicTable.Count);
        }
    }

    [Fact]
    public void Constructor_NegativeSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HPackEncoder(maxDynamicTableSize: -1));
    }

    private static string RandomValue(Random random)
    {
        var chars = new char[random.Next(0, random.Next(10) == 0 ? 600 : 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            // Mostly printable ASCII, sometimes any octet (values are opaque to HPACK).
            chars[i] = random.Next(8) == 0 ? (char)random.Next(256) : (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }

    private static byte[] EncodeBlock(HPackEncoder encoder, (string Name, string Value)[] headers)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(output);
        foreach (var (name, value) in headers)
        {
            encoder.EncodeHeader(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value), HPackIndexing.Incremental, output);
        }

        return output.WrittenMemory.ToArray();
    }

    private static HeaderCollector DecodeAll(HPackDecoder decoder, byte[] block)
    {
        var headers = new HeaderCollector();
        Assert.Equal(HPackError.None, decoder.Decode(block, ref headers));
        return headers;
    }
}
