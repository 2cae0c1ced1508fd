using System.Text;
using Mosn.Protocols.Http2.Frames;
using F = Mosn.Protocols.Http2.Frames.Http2FrameFlags;
using T = Mosn.Protocols.Http2.Frames.Http2FrameType;

namespace Mosn.Protocols.Http2.Tests.Frames;

public class Http2FrameWriterTests
{
    private const int MaxFrame = Http2Constants.DefaultMaxFrameSize;

    private static byte[] Write(Action<ArrayBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7)).ToArray();

    private static List<FrameSnapshot> ReadBack(byte[] bytes, bool isServer = true) =>
        FrameFeeder.Feed(new Http2FrameReader(isServer), bytes);

    [Fact]
    public void WriteData_SmallPayload_OneFrameRoundTrips()
    {
        var bytes = Write(o => Http2FrameWriter.WriteData(o, 1, "hello"u8, endStream: true, MaxFrame));

        var frame = Assert.Single(ReadBack(bytes));

        Assert.Equal(new Http2FrameHeader(5, T.Data, F.EndStream, 1), frame.Header);
        Assert.Equal(Convert.ToHexString("hello"u8), frame.Content);
    }

    [Fact]
    public void WriteData_LargerThanMaxFrameSize_SplitWithEndStreamOnLastOnly()
    {
        var data = Pattern(40_000);

        var frames = ReadBack(Write(o => Http2FrameWriter.WriteData(o, 3, data, endStream: true, MaxFrame)));

        Assert.Equal([16_384, 16_384, 7_232], frames.Select(f => f.Header.Length));
        Assert.Equal([F.None, F.None, F.EndStream], frames.Select(f => f.Header.Flags));
        Assert.Equal(Convert.ToHexString(data), string.Concat(frames.Select(f => f.Content)));
    }

    [Fact]
    public void WriteData_ExactMultipleWithoutEndStream_NoEmptyTrailingFrame()
    {
        var frames = ReadBack(Write(o => Http2FrameWriter.WriteData(o, 3, Pattern(2 * MaxFrame), endStream: false, MaxFrame)));

        Assert.Equal([MaxFrame, MaxFrame], frames.Select(f => f.Header.Length));
        Assert.All(frames, f => Assert.Equal(F.None, f.Header.Flags));
    }

    [Fact]
    public void WriteData_EmptyWithEndStream_OneEmptyFrame()
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteData(o, 5, ReadOnlySpan<byte>.Empty, endStream: true, MaxFrame))));

        Assert.Equal(new Http2FrameHeader(0, T.Data, F.EndStream, 5), frame.Header);
    }

    [Fact]
    public void WriteData_MultiSegmentSequence_SameBytesAsContiguous()
    {
        var data = Pattern(50_000);
        var sequence = Segments.Create(data, 777);

        var fromSequence = Write(o => Http2FrameWriter.WriteData(o, 7, sequence, endStream: true, 20_000));
        var fromSpan = Write(o => Http2FrameWriter.WriteData(o, 7, data, endStream: true, 20_000));

        Assert.Equal(fromSpan, fromSequence);
        Assert.Equal(3, FrameFeeder.Feed(new Http2FrameReader(isServer: true) { MaxFrameSize = 20_000 }, fromSequence).Count);
    }

    [Fact]
    public void WriteHeaders_SmallBlock_OneHeadersFrameWithEndHeaders()
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteHeaders(o, 1, [0x82, 0x86], endStream: true, MaxFrame))));

        Assert.Equal(new Http2FrameHeader(2, T.Headers, F.EndStream | F.EndHeaders, 1), frame.Header);
        Assert.Equal("8286", frame.Content);
    }

    [Fact]
    public void WriteHeaders_WithPriority_PriorityRoundTrips()
    {
        var priority = new Http2Priority(3, true, 256);

        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteHeaders(o, 5, [0x82], endStream: false, MaxFrame, priority))));

        Assert.Equal(F.EndHeaders | F.Priority, frame.Header.Flags);
        Assert.Equal(priority, frame.Priority);
        Assert.Equal("82", frame.Content);
    }

    [Fact]
    public void WriteHeaders_LargeBlock_HeadersThenContinuationsReassembleToTheBlock()
    {
        var block = Pattern(40_000);
        var bytes = Write(o => Http2FrameWriter.WriteHeaders(o, 9, block, endStream: true, MaxFrame, new Http2Priority(0, false, 16)));
        var reader = new Http2FrameReader(isServer: true);
        using var assembler = new HeaderBlockAssembler(65_536, 8);
        var input = new ReadOnlySequence<byte>(bytes);
        var statuses = new List<HeaderBlockStatus>();
        var headers = new List<Http2FrameHeader>();

        while (reader.TryRead(input, out var consumed, out var frame, out _) == Http2FrameStatus.Frame)
        {
            headers.Add(frame.Header);
            statuses.Add(frame.Type == T.Headers ? assembler.Begin(frame) : assembler.Append(frame));
            input = input.Slice(consumed);
        }

        Assert.Equal([T.Headers, T.Continuation, T.Continuation], headers.Select(h => h.Type));
        Assert.Equal([16_384, 16_384, 40_000 - (16_384 - 5) - 16_384], headers.Select(h => h.Length));
        Assert.Equal([F.EndStream | F.Priority, F.None, F.EndHeaders], headers.Select(h => h.Flags));
        Assert.Equal([HeaderBlockStatus.Incomplete, HeaderBlockStatus.Incomplete, HeaderBlockStatus.Complete], statuses);
        Assert.Equal(block, assembler.Block.ToArray());
        Assert.True(assembler.EndStream);
        Assert.Equal(2, assembler.ContinuationCount);
    }

    [Fact]
    public void WritePushPromise_LargeBlock_SplitAndPromisedStreamRoundTrips()
    {
        var block = Pattern(20_000);

        var frames = ReadBack(Write(o => Http2FrameWriter.WritePushPromise(o, 1, 2, block, MaxFrame)), isServer: false);

        Assert.Equal([T.PushPromise, T.Continuation], frames.Select(f => f.Header.Type));
        Assert.Equal(2u, frames[0].PromisedStreamId);
        Assert.Equal([F.None, F.EndHeaders], frames.Select(f => f.Header.Flags));
        Assert.Equal(Convert.ToHexString(block), frames[0].Content + frames[1].Content);
    }

    [Fact]
    public void WritePriority_RoundTrips()
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WritePriority(o, 7, new Http2Priority(5, false, 1)))));

        Assert.Equal(new Http2FrameHeader(5, T.Priority, F.None, 7), frame.Header);
        Assert.Equal(new Http2Priority(5, false, 1), frame.Priority);
    }

    [Fact]
    public void WriteRstStream_RoundTrips()
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteRstStream(o, 11, Http2ErrorCode.Cancel))));

        Assert.Equal(new Http2FrameHeader(4, T.RstStream, F.None, 11), frame.Header);
        Assert.Equal(Http2ErrorCode.Cancel, frame.ErrorCode);
    }

    [Fact]
    public void WriteSettings_RoundTripsInOrder()
    {
        Http2Setting[] settings =
        [
            new(Http2SettingsParameter.HeaderTableSize, 0),
            new(Http2SettingsParameter.EnablePush, 0),
            new(Http2SettingsParameter.MaxConcurrentStreams, 100),
            new(Http2SettingsParameter.InitialWindowSize, int.MaxValue),
            new(Http2SettingsParameter.MaxFrameSize, 16_777_215),
            new(Http2SettingsParameter.MaxHeaderListSize, 65_536),
            new(Http2SettingsParameter.EnableConnectProtocol, 1),
        ];

        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteSettings(o, settings)), isServer: false));

        Assert.Equal(new Http2FrameHeader(42, T.Settings, F.None, 0), frame.Header);
        Assert.Equal(string.Join(",", settings.Select(s => $"{s.Parameter}={s.Value}")), frame.Settings);
    }

    [Fact]
    public void WriteSettingsAck_EmptyAckFrame()
    {
        var bytes = Write(Http2FrameWriter.WriteSettingsAck);

        Assert.Equal([0, 0, 0, 4, 1, 0, 0, 0, 0], bytes);
        Assert.Equal(Http2FrameStatus.Frame, Assert.Single(ReadBack(bytes)).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritePing_RoundTrips(bool ack)
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WritePing(o, 0x0102_0304_0506_0708, ack))));

        Assert.Equal(new Http2FrameHeader(8, T.Ping, ack ? F.Ack : F.None, 0), frame.Header);
        Assert.Equal(0x0102_0304_0506_0708ul, frame.PingData);
    }

    [Fact]
    public void WriteGoAway_RoundTripsWithDebugData()
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteGoAway(o, 41, Http2ErrorCode.EnhanceYourCalm, "flood"u8))));

        Assert.Equal(41u, frame.LastStreamId);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, frame.ErrorCode);
        Assert.Equal("flood", Encoding.ASCII.GetString(Convert.FromHexString(frame.Content)));
    }

    [Fact]
    public void WriteGoAway_HugeDebugData_TruncatedToFitTheDefaultFrameSize()
    {
        var bytes = Write(o => Http2FrameWriter.WriteGoAway(o, 0, Http2ErrorCode.NoError, new byte[100_000]));

        var frame = Assert.Single(ReadBack(bytes));

        Assert.Equal(MaxFrame, frame.Header.Length);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(13u)]
    public void WriteWindowUpdate_RoundTrips(uint streamId)
    {
        var frame = Assert.Single(ReadBack(Write(o => Http2FrameWriter.WriteWindowUpdate(o, streamId, int.MaxValue))));

        Assert.Equal(new Http2FrameHeader(4, T.WindowUpdate, F.None, streamId), frame.Header);
        Assert.Equal((uint)int.MaxValue, frame.WindowSizeIncrement);
    }

    [Fact]
    public void WriteClientPreface_ExactOctets()
    {
        var bytes = Write(Http2FrameWriter.WriteClientPreface);

        Assert.Equal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Write_AllFrameTypesAsOneStream_ParseTheSameAtEveryByteBoundaryAndSegmentSize()
    {
        var bytes = Write(o =>
        {
            Http2FrameWriter.WriteSettings(o, [new(Http2SettingsParameter.InitialWindowSize, 1 << 20)]);
            Http2FrameWriter.WriteHeaders(o, 1, Pattern(20_000), endStream: false, MaxFrame, new Http2Priority(0, true, 32));
            Http2FrameWriter.WriteData(o, 1, Pattern(17_000), endStream: true, MaxFrame);
            Http2FrameWriter.WritePriority(o, 3, new Http2Priority(1, false, 8));
            Http2FrameWriter.WriteRstStream(o, 3, Http2ErrorCode.RefusedStream);
            Http2FrameWriter.WritePing(o, 42, ack: false);
            Http2FrameWriter.WriteWindowUpdate(o, 0, 1000);
            Http2FrameWriter.WriteSettingsAck(o);
            Http2FrameWriter.WriteGoAway(o, 3, Http2ErrorCode.NoError, "bye"u8);
        });
        var expected = ReadBack(bytes);

        Assert.Equal(11, expected.Count);
        Assert.All(expected, f => Assert.Equal(Http2FrameStatus.Frame, f.Status));
        for (var cut = 1; cut < bytes.Length; cut += cut < 64 ? 1 : 97)
        {
            Assert.Equal(expected, FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes, [cut]));
            Assert.Equal(expected, FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes, segmentSize: cut));
        }
    }

    [Fact]
    public void Write_ControlFrames_ParseTheSameAtEveryByteBoundary()
    {
        var bytes = Write(o =>
        {
            Http2FrameWriter.WriteHeaders(o, 1, Pattern(30), endStream: true, MaxFrame);
            Http2FrameWriter.WriteData(o, 1, Pattern(13), endStream: true, MaxFrame);
            Http2FrameWriter.WritePing(o, ulong.MaxValue, ack: true);
            Http2FrameWriter.WriteGoAway(o, 1, Http2ErrorCode.ProtocolError, "x"u8);
        });
        var expected = ReadBack(bytes);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            Assert.Equal(expected, FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes, [cut], segmentSize: 1));
            Assert.Equal(expected, FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes, segmentSize: cut));
        }

        Assert.Equal(expected, FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes, Enumerable.Range(1, bytes.Length - 1)));
    }

    [Fact]
    public void Write_InvalidArguments_Throw()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteData(output, 0, "x"u8, true, MaxFrame));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteData(output, 0x8000_0000, "x"u8, true, MaxFrame));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteData(output, 1, "x"u8, true, 16_383));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteHeaders(output, 1, [1], true, 16_777_216));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteWindowUpdate(output, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteWindowUpdate(output, 1, 0x8000_0000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WritePriority(output, 1, new Http2Priority(0, false, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Http2FrameWriter.WriteSettings(output, new Http2Setting[2731]));
    }
}
