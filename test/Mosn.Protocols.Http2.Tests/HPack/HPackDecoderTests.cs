using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HPackDecoderTests
{
    [Fact]
    public void Decode_C21LiteralWithIndexing_AddsToTable()
    {
        var decoder = new HPackDecoder();
        var headers = Decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");

        Assert.Equal([("custom-key", "custom-header", HeaderFieldFlags.None)], headers.Fields);
        RfcExamples.AssertTable(decoder.DynamicTable, 55, [("custom-key", "custom-header")]);
    }

    [Fact]
    public void Decode_C22LiteralWithoutIndexing_LeavesTableEmpty()
    {
        var decoder = new HPackDecoder();
        var headers = Decode(decoder, "040c 2f73 616d 706c 652f 7061 7468");

        Assert.Equal([(":path", "/sample/path", HeaderFieldFlags.PseudoHeader)], headers.Fields);
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Fact]
    public void Decode_C23LiteralNeverIndexed_FlagsField()
    {
        var decoder = new HPackDecoder();
        var headers = Decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74");

        Assert.Equal([("password", "secret", HeaderFieldFlags.NeverIndexed)], headers.Fields);
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Fact]
    public void Decode_C24Indexed_ReturnsStaticEntry()
    {
        var decoder = new HPackDecoder();
        var headers = Decode(decoder, "82");

        Assert.Equal([(":method", "GET", HeaderFieldFlags.PseudoHeader)], headers.Fields);
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Theory]
    [InlineData(RfcExamples.C31, RfcExamples.C32, RfcExamples.C33)]
    [InlineData(RfcExamples.C41, RfcExamples.C42, RfcExamples.C43)]
    public void Decode_C3C4RequestSequence_MatchesHeadersAndTable(string first, string second, string third)
    {
        var decoder = new HPackDecoder();

        Assert.Equal(RfcExamples.Request1, Decode(decoder, first).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 57, RfcExamples.TableAfterRequest1);

        Assert.Equal(RfcExamples.Request2, Decode(decoder, second).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 110, RfcExamples.TableAfterRequest2);

        Assert.Equal(RfcExamples.Request3, Decode(decoder, third).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 164, RfcExamples.TableAfterRequest3);
    }

    [Theory]
    [InlineData(RfcExamples.C51, RfcExamples.C52, RfcExamples.C53)]
    [InlineData(RfcExamples.C61, RfcExamples.C62, RfcExamples.C63)]
    public void Decode_C5C6ResponseSequenceWith256ByteTable_EvictsLikeRfc(string first, string second, string third)
    {
        var decoder = new HPackDecoder(maxDynamicTableSize: 256);

        Assert.Equal(RfcExamples.Response1, Decode(decoder, first).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 222, RfcExamples.TableAfterResponse1);

        Assert.Equal(RfcExamples.Response2, Decode(decoder, second).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 222, RfcExamples.TableAfterResponse2);

        Assert.Equal(RfcExamples.Response3, Decode(decoder, third).Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 215, RfcExamples.TableAfterResponse3);
    }

    [Fact]
    public void Decode_LiteralNamingTheEntryItEvicts_KeepsName()
    {
        // RFC 7541 §4.4: the name comes from dynamic entry 62, which adding the new field evicts.
        var decoder = new HPackDecoder(maxDynamicTableSize: 60);
        Decode(decoder, "40 09 736f6d652d6e616d65 05 76616c7565"); // some-name: value (46 bytes)

        var headers = Decode(decoder, "7e 05 6f74686572"); // name index 62, value "other"

        Assert.Equal([("some-name", "other")], headers.Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 46, [("some-name", "other")]);
    }

    [Fact]
    public void Decode_MultiSegmentSequence_SameAsContiguous()
    {
        var bytes = RfcExamples.Hex(RfcExamples.C43);
        var decoder = new HPackDecoder();
        Decode(decoder, RfcExamples.C41);
        Decode(decoder, RfcExamples.C42);
        var sequence = Segments(bytes, 1, 3, 7, 12);
        var headers = new HeaderCollector();

        var error = decoder.Decode(sequence, ref headers);

        Assert.Equal(HPackError.None, error);
        Assert.Equal(RfcExamples.Request3, headers.Pairs);
    }

    [Theory]
    [InlineData("80", nameof(HPackError.InvalidIndex))] // indexed, index 0
    [InlineData("be", nameof(HPackError.InvalidIndex))] // index 62 with an empty dynamic table
    [InlineData("ff 80 01", nameof(HPackError.InvalidIndex))] // index 255
    [InlineData("7f 00 01 61", nameof(HPackError.InvalidIndex))] // literal with indexed name 63, empty table
    [InlineData("ff", nameof(HPackError.Truncated))] // integer cut after a saturated prefix
    [InlineData("ff 80", nameof(HPackError.Truncated))] // integer cut inside its continuation
    [InlineData("40 0a 6375 7374", nameof(HPackError.Truncated))] // name shorter than its length
    [InlineData("41", nameof(HPackError.Truncated))] // value missing
    [InlineData("41 03 61", nameof(HPackError.Truncated))] // value shorter than its length
    [InlineData("ff ff ff ff ff 0f", nameof(HPackError.IntegerOverflow))] // index > 2^31 - 1
    [InlineData("41 7f 80 80 80 80 80 00", nameof(HPackError.IntegerOverflow))] // length with too many continuation bytes
    [InlineData("41 84 ff ff ff ff", nameof(HPackError.InvalidHuffmanCode))] // Huffman value holding EOS
    [InlineData("41 81 ff", nameof(HPackError.InvalidHuffmanCode))] // 8 bits of padding
    [InlineData("41 81 18", nameof(HPackError.InvalidHuffmanCode))] // padding not all ones
    [InlineData("3f e2 1f", nameof(HPackError.InvalidTableSizeUpdate))] // size update to 4097, above the 4096 we advertised
    [InlineData("82 20", nameof(HPackError.InvalidTableSizeUpdate))] // size update after a field
    public void Decode_MalformedBlock_ReturnsCompressionError(string hex, string expectedError)
    {
        var expected = Enum.Parse<HPackError>(expectedError);
        var decoder = new HPackDecoder();
        var headers = new HeaderCollector();

        var error = decoder.Decode(RfcExamples.Hex(hex), ref headers);

        Assert.Equal(expected, error);
        Assert.True(error.IsCompressionError());
    }

    [Fact]
    public void Decode_AfterCompressionError_DecoderUnusable()
    {
        var decoder = new HPackDecoder();
        var headers = new HeaderCollector();
        Assert.Equal(HPackError.InvalidIndex, decoder.Decode(RfcExamples.Hex("80"), ref headers));

        var error = decoder.Decode(RfcExamples.Hex("82"), ref headers);

        Assert.Equal(HPackError.DecoderFailed, error);
        Assert.Empty(headers.Fields);
    }

    [Fact]
    public void Decode_SizeUpdatesAtBlockStart_AppliedAndEvict()
    {
        var decoder = new HPackDecoder();
        Decode(decoder, RfcExamples.C31);
        Assert.Equal(1, decoder.DynamicTable.Count);

        // Two updates (0 then 4096) then an indexed field: the table is flushed and resized.
        var headers = Decode(decoder, "20 3f e1 1f 82");

        Assert.Equal([(":method", "GET")], headers.Pairs);
        Assert.Equal(0, decoder.DynamicTable.Count);
        Assert.Equal(4096, decoder.DynamicTable.MaxSize);
    }

    [Fact]
    public void SetMaxDynamicTableSize_Lowered_RequiresUpdateInNextBlock()
    {
        var decoder = new HPackDecoder();
        decoder.SetMaxDynamicTableSize(100);
        var headers = new HeaderCollector();

        var error = decoder.Decode(RfcExamples.Hex("82"), ref headers);

        Assert.Equal(HPackError.InvalidTableSizeUpdate, error);
    }

    [Fact]
    public void SetMaxDynamicTableSize_LoweredThenHonoured_Decodes()
    {
        var decoder = new HPackDecoder();
        decoder.SetMaxDynamicTableSize(100);

        var headers = Decode(decoder, "3f 45 82"); // size update to 31 + 69 = 100

        Assert.Equal([(":method", "GET")], headers.Pairs);
        Assert.Equal(100, decoder.DynamicTable.MaxSize);
        Assert.Equal(HPackError.InvalidTableSizeUpdate, DecodeError(new HPackDecoder(maxDynamicTableSize: 100), "3f 46"));
    }

    [Fact]
    public void Decode_EmptyBlock_NoFields()
    {
        var decoder = new HPackDecoder();

        Assert.Empty(Decode(decoder, "").Fields);
    }

    [Fact]
    public void Decode_StringLongerThanLimit_ReturnsStringTooLong()
    {
        var decoder = new HPackDecoder(maxStringLength: 8);
        var raw = new HeaderCollector();
        Assert.Equal(HPackError.StringTooLong, decoder.Decode(RfcExamples.Hex("41 09 616161616161616161"), ref raw));

        // Huffman: "www.example.com" (15 bytes) from 12 encoded bytes.
        var huffman = new HPackDecoder(maxStringLength: 8);
        var headers = new HeaderCollector();
        Assert.Equal(HPackError.StringTooLong, huffman.Decode(RfcExamples.Hex("41 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), ref headers));
    }

    [Fact]
    public void Decode_HPackBomb_StopsAtHeaderListLimitAndStaysInSync()
    {
        // One 4000-byte entry, then a block that references it 10,000 times (2 bytes each would be 40 MB decoded).
        var decoder = new HPackDecoder(maxHeaderListSize: 16 * 1024);
        var encoder = new HPackEncoder(useHuffman: false);
        var setup = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(setup);
        encoder.EncodeHeader("x-big"u8, new byte[4000], HPackIndexing.Incremental, setup);
        var first = new CountingHandler();
        Assert.Equal(HPackError.None, decoder.Decode(setup.WrittenSpan, ref first));

        var bomb = Enumerable.Repeat((byte)0xbe, 10_000).ToArray();
        var counter = new CountingHandler();
        var error = decoder.Decode(bomb, ref counter);

        Assert.Equal(HPackError.HeaderListTooLarge, error);
        Assert.False(error.IsCompressionError());
        Assert.Equal(4, counter.Count); // 4 x 4037 fits in 16 KiB, the fifth does not
        Assert.True(counter.Bytes <= 16 * 1024);

        // The block was fully parsed, so the connection can go on.
        var next = new HeaderCollector();
        Assert.Equal(HPackError.None, decoder.Decode(RfcExamples.Hex("82 be"), ref next));
        Assert.Equal(2, next.Fields.Count);
    }

    [Fact]
    public void Decode_LiteralsPastLimit_StillIndexed()
    {
        var decoder = new HPackDecoder(maxHeaderListSize: 64);
        var headers = new HeaderCollector();

        // Two literals with incremental indexing; the second exceeds the list limit but must still enter the table.
        var error = decoder.Decode(RfcExamples.Hex("40 01 61 01 31 40 01 62 01 32"), ref headers);

        Assert.Equal(HPackError.HeaderListTooLarge, error);
        Assert.Equal([("a", "1")], headers.Pairs);
        RfcExamples.AssertTable(decoder.DynamicTable, 68, [("b", "2"), ("a", "1")]);
    }

    [Fact]
    public void Decode_TypicalRequestRepeatedly_AllocatesNothing()
    {
        var encoder = new HPackEncoder();
        var block = new ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(block);
        foreach (var (name, value) in TypicalRequest)
        {
            // Incremental everywhere: every decode also inserts into (and evicts from) the dynamic table.
            encoder.EncodeHeader(name, value, HPackIndexing.Incremental, block);
        }

        var bytes = block.WrittenMemory.ToArray();
        var decoder = new HPackDecoder();
        var handler = new CountingHandler();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HPackError.None, decoder.Decode(bytes, ref handler));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            decoder.Decode(bytes, ref handler);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1050 * TypicalRequest.Length, handler.Count);
    }

    private static readonly (string Name, string Value)[] TypicalRequest =
    [
        (":method", "GET"), (":scheme", "https"), (":authority", "api.example.com"),
        (":path", "/v1/orders/12345?expand=items"), ("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"),
        ("accept", "application/json"), ("accept-encoding", "gzip, deflate, br"), ("accept-language", "en-US,en;q=0.9"),
        ("x-request-id", "0f8fad5b-d9cb-469f-a165-70867728950e"), ("cookie", "session=abcdefghijklmnopqrstuvwxyz0123456789"),
    ];

    private static HeaderCollector Decode(HPackDecoder decoder, string hex)
    {
        var headers = new HeaderCollector();
        Assert.Equal(HPackError.None, decoder.Decode(RfcExamples.Hex(hex), ref headers));
        return headers;
    }

    private static HPackError DecodeError(HPackDecoder decoder, string hex)
    {
        var headers = new HeaderCollector();
        return decoder.Decode(RfcExamples.Hex(hex), ref headers);
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, params int[] cuts)
    {
        BufferSegment? first = null;
        BufferSegment? last = null;
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            var segment = new BufferSegment(bytes.AsMemory(start, cut - start));
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.Append(segment);
            }

            last = segment;
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class BufferSegment : ReadOnlySequenceSegment<byte>
    {
        public BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public void Append(BufferSegment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }

    /// <summary>A struct handler that keeps no strings: decoding with it must not allocate.</summary>
    private struct CountingHandler : IHeaderBlockHandler
    {
        public int Count;
        public long Bytes;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags)
        {
            Count++;
            Bytes += name.Length + value.Length + 32;
        }
    }
}
