using Mosn.Protocols.Http2.Frames;
using static Mosn.Protocols.Http2.Tests.Frames.FrameBytes;
using F = Mosn.Protocols.Http2.Frames.Http2FrameFlags;
using T = Mosn.Protocols.Http2.Frames.Http2FrameType;

namespace Mosn.Protocols.Http2.Tests.Frames;

public class Http2FrameReaderTests
{
    private const Http2FrameStatus Conn = Http2FrameStatus.ConnectionError;
    private const Http2FrameStatus Strm = Http2FrameStatus.StreamError;

    private static readonly byte[] OpenBlock = Frame(T.Headers, F.None, 1, [0x82]);

    /// <summary>Every malformed case of RFC 9113 the frame layer detects, by name: bytes, reader role, expected result.</summary>
    private static readonly Dictionary<string, Case> Cases = new()
    {
        // §6.1-§6.10: frames that belong to a stream on stream 0, and connection frames on a stream.
        ["DATA on stream 0"] = new(Frame(T.Data, F.None, 0, 1), Conn, Http2ErrorCode.ProtocolError, 0),
        ["HEADERS on stream 0"] = new(Frame(T.Headers, F.EndHeaders, 0, 1), Conn, Http2ErrorCode.ProtocolError, 0),
        ["PRIORITY on stream 0"] = new(Frame(T.Priority, F.None, 0, 5), Conn, Http2ErrorCode.ProtocolError, 0),
        ["RST_STREAM on stream 0"] = new(Frame(T.RstStream, F.None, 0, 4), Conn, Http2ErrorCode.ProtocolError, 0),
        ["PUSH_PROMISE on stream 0"] = new(Frame(T.PushPromise, F.EndHeaders, 0, UInt32(2)), Conn, Http2ErrorCode.ProtocolError, 0, Client: true),
        ["SETTINGS on a stream"] = new(Frame(T.Settings, F.None, 1, 0), Conn, Http2ErrorCode.ProtocolError, 1),
        ["PING on a stream"] = new(Frame(T.Ping, F.None, 3, 8), Conn, Http2ErrorCode.ProtocolError, 3),
        ["GOAWAY on a stream"] = new(Frame(T.GoAway, F.None, 5, 8), Conn, Http2ErrorCode.ProtocolError, 5),

        // §4.2: oversized frames.
        ["oversized DATA"] = new(Frame(T.Data, F.None, 1, 16_385), Strm, Http2ErrorCode.FrameSizeError, 1),
        ["oversized unknown type on stream 0"] = new(Frame((T)0x20, F.None, 0, 16_385), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["oversized HEADERS"] = new(Frame(T.Headers, F.EndHeaders, 1, 16_385), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["oversized PUSH_PROMISE"] = new(Frame(T.PushPromise, F.EndHeaders, 1, 16_385), Conn, Http2ErrorCode.FrameSizeError, 1, Client: true),
        ["oversized SETTINGS"] = new(Frame(T.Settings, F.None, 0, 6 * 2731), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["oversized GOAWAY"] = new(Frame(T.GoAway, F.None, 0, 16_385), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["oversized CONTINUATION"] = new(Concat(OpenBlock, Frame(T.Continuation, F.EndHeaders, 1, 16_385)), Conn, Http2ErrorCode.FrameSizeError, 1),

        // §6.1, §6.2, §6.6: padding.
        ["DATA padding equal to payload"] = new(Frame(T.Data, F.Padded, 1, [3, 0, 0]), Conn, Http2ErrorCode.ProtocolError, 1),
        ["DATA padding above payload"] = new(Frame(T.Data, F.Padded, 1, [200]), Conn, Http2ErrorCode.ProtocolError, 1),
        ["DATA padded without Pad Length"] = new(Frame(T.Data, F.Padded, 1, 0), Strm, Http2ErrorCode.FrameSizeError, 1),
        ["HEADERS padding exceeds fragment room"] = new(Frame(T.Headers, F.Padded | F.EndHeaders, 1, [3, 0, 0]), Conn, Http2ErrorCode.ProtocolError, 1),
        ["HEADERS padding exceeds room after priority"] =
            new(Frame(T.Headers, F.Padded | F.Priority | F.EndHeaders, 1, [1, .. PriorityFields(0, false, 15)]), Conn, Http2ErrorCode.ProtocolError, 1),
        ["HEADERS padded without Pad Length"] = new(Frame(T.Headers, F.Padded | F.EndHeaders, 1, 0), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["HEADERS too short for priority"] = new(Frame(T.Headers, F.Priority | F.EndHeaders, 1, 4), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["PUSH_PROMISE padding exceeds fragment room"] =
            new(Frame(T.PushPromise, F.Padded | F.EndHeaders, 1, [2, .. UInt32(2), 0]), Conn, Http2ErrorCode.ProtocolError, 1, Client: true),
        ["PUSH_PROMISE too short"] = new(Frame(T.PushPromise, F.EndHeaders, 1, 3), Conn, Http2ErrorCode.FrameSizeError, 1, Client: true),

        // Fixed lengths.
        ["PRIORITY length 4"] = new(Frame(T.Priority, F.None, 1, 4), Strm, Http2ErrorCode.FrameSizeError, 1),
        ["PRIORITY length 6"] = new(Frame(T.Priority, F.None, 3, 6), Strm, Http2ErrorCode.FrameSizeError, 3),
        ["RST_STREAM length 3"] = new(Frame(T.RstStream, F.None, 1, 3), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["RST_STREAM length 5"] = new(Frame(T.RstStream, F.None, 1, 5), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["SETTINGS length 5"] = new(Frame(T.Settings, F.None, 0, 5), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["SETTINGS length 13"] = new(Frame(T.Settings, F.None, 0, 13), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["SETTINGS ACK with payload"] = new(Frame(T.Settings, F.Ack, 0, 6), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["PING length 7"] = new(Frame(T.Ping, F.None, 0, 7), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["PING length 9"] = new(Frame(T.Ping, F.Ack, 0, 9), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["WINDOW_UPDATE length 3 on a stream"] = new(Frame(T.WindowUpdate, F.None, 1, 3), Conn, Http2ErrorCode.FrameSizeError, 1),
        ["WINDOW_UPDATE length 5 on stream 0"] = new(Frame(T.WindowUpdate, F.None, 0, 5), Conn, Http2ErrorCode.FrameSizeError, 0),
        ["GOAWAY length 7"] = new(Frame(T.GoAway, F.None, 0, 7), Conn, Http2ErrorCode.FrameSizeError, 0),

        // §6.9: zero increments.
        ["WINDOW_UPDATE 0 on stream 0"] = new(Frame(T.WindowUpdate, F.None, 0, UInt32(0)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["WINDOW_UPDATE 0 on a stream"] = new(Frame(T.WindowUpdate, F.None, 7, UInt32(0)), Strm, Http2ErrorCode.ProtocolError, 7),
        ["WINDOW_UPDATE 0 with reserved bit"] = new(Frame(T.WindowUpdate, F.None, 7, UInt32(0x8000_0000)), Strm, Http2ErrorCode.ProtocolError, 7),

        // §6.5.2: SETTINGS values.
        ["ENABLE_PUSH 2"] = new(Frame(T.Settings, F.None, 0, Setting(0x2, 2)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["ENABLE_PUSH 1 from a server"] = new(Frame(T.Settings, F.None, 0, Setting(0x2, 1)), Conn, Http2ErrorCode.ProtocolError, 0, Client: true),
        ["INITIAL_WINDOW_SIZE 2^31"] = new(Frame(T.Settings, F.None, 0, Setting(0x4, 0x8000_0000)), Conn, Http2ErrorCode.FlowControlError, 0),
        ["MAX_FRAME_SIZE 16383"] = new(Frame(T.Settings, F.None, 0, Setting(0x5, 16_383)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["MAX_FRAME_SIZE 2^24"] = new(Frame(T.Settings, F.None, 0, Setting(0x5, 16_777_216)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["ENABLE_CONNECT_PROTOCOL 2"] = new(Frame(T.Settings, F.None, 0, Setting(0x8, 2)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["bad value after good ones"] =
            new(Frame(T.Settings, F.None, 0, Concat(Setting(0x1, 0), Setting(0x99, 7), Setting(0x5, 1))), Conn, Http2ErrorCode.ProtocolError, 0),

        // §5.3.1: self-dependency.
        ["HEADERS depends on itself"] =
            new(Frame(T.Headers, F.Priority | F.EndHeaders, 5, [.. PriorityFields(5, true, 0), 0x82]), Strm, Http2ErrorCode.ProtocolError, 5),
        ["PRIORITY depends on itself"] = new(Frame(T.Priority, F.None, 9, PriorityFields(9, false, 0)), Strm, Http2ErrorCode.ProtocolError, 9),

        // §8.4, §6.6: PUSH_PROMISE acceptance.
        ["PUSH_PROMISE to a server"] = new(Frame(T.PushPromise, F.EndHeaders, 1, UInt32(2)), Conn, Http2ErrorCode.ProtocolError, 1),
        ["PUSH_PROMISE with push disabled"] =
            new(Frame(T.PushPromise, F.EndHeaders, 1, UInt32(2)), Conn, Http2ErrorCode.ProtocolError, 1, Client: true, PushEnabled: false),

        // §6.10: field block sequencing.
        ["CONTINUATION without a block"] = new(Frame(T.Continuation, F.EndHeaders, 1, 1), Conn, Http2ErrorCode.ProtocolError, 1),
        ["DATA inside a block"] = new(Concat(OpenBlock, Frame(T.Data, F.None, 1, 1)), Conn, Http2ErrorCode.ProtocolError, 1),
        ["PING inside a block"] = new(Concat(OpenBlock, Frame(T.Ping, F.None, 0, 8)), Conn, Http2ErrorCode.ProtocolError, 0),
        ["HEADERS inside a block"] = new(Concat(OpenBlock, Frame(T.Headers, F.EndHeaders, 3, 1)), Conn, Http2ErrorCode.ProtocolError, 3),
        ["CONTINUATION on another stream"] = new(Concat(OpenBlock, Frame(T.Continuation, F.EndHeaders, 3, 1)), Conn, Http2ErrorCode.ProtocolError, 3),
        ["unknown type inside a block"] = new(Concat(OpenBlock, Frame((T)0xFA, F.None, 1, 1)), Conn, Http2ErrorCode.ProtocolError, 1),
        ["CONTINUATION after END_HEADERS"] =
            new(Concat(OpenBlock, Frame(T.Continuation, F.EndHeaders, 1, 1), Frame(T.Continuation, F.None, 1, 1)), Conn, Http2ErrorCode.ProtocolError, 1),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TryRead_MalformedFrame_ExpectedErrorAndScope(string name)
    {
        var @case = Cases[name];
        var results = FrameFeeder.Feed(@case.CreateReader(), @case.Bytes);

        var last = results[^1];
        Assert.All(results.SkipLast(1), r => Assert.Equal(Http2FrameStatus.Frame, r.Status));
        Assert.Equal(@case.Status, last.Status);
        Assert.Equal(@case.Code, last.Error.Code);
        Assert.Equal(@case.Status == Conn, last.Error.IsConnectionError);
        Assert.Equal(@case.StreamId, last.Error.StreamId);
        Assert.False(string.IsNullOrEmpty(last.Error.Reason));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TryRead_MalformedFrameOneByteAtATime_SameResult(string name)
    {
        var @case = Cases[name];
        var whole = FrameFeeder.Feed(@case.CreateReader(), @case.Bytes);

        var trickled = FrameFeeder.Feed(@case.CreateReader(), @case.Bytes, Enumerable.Range(1, @case.Bytes.Length - 1), segmentSize: 1);

        Assert.Equal(whole, trickled);
    }

    [Theory]
    [InlineData(0x2u, 0u, true)]
    [InlineData(0x2u, 1u, true)]
    [InlineData(0x2u, 0u, false)]
    [InlineData(0x4u, 0x7FFF_FFFFu, true)]
    [InlineData(0x5u, 16_384u, true)]
    [InlineData(0x5u, 16_777_215u, false)]
    [InlineData(0x8u, 1u, true)]
    [InlineData(0x9u, 1u, false)]
    [InlineData(0x3u, 0xFFFF_FFFFu, true)]
    [InlineData(0x6u, 0u, false)]
    public void TryRead_SettingAtTheEdgeOfItsRange_Accepted(uint id, uint value, bool isServer)
    {
        var reader = new Http2FrameReader(isServer);

        var result = FrameFeeder.ReadOne(reader, Frame(T.Settings, F.None, 0, Setting((ushort)id, value)));

        Assert.Equal(Http2FrameStatus.Frame, result.Status);
        Assert.Equal($"{(Http2SettingsParameter)id}={value}", result.Settings);
    }

    [Fact]
    public void TryRead_UnknownSettings_IgnoredByTheEnumerator()
    {
        var payload = Concat(Setting(0x99, 5), Setting(0x1, 100), Setting(0x7, 1), Setting(0xFFFF, 0xFFFF_FFFF), Setting(0x4, 1000));

        var result = FrameFeeder.ReadOne(new Http2FrameReader(isServer: true), Frame(T.Settings, F.None, 0, payload));

        Assert.Equal(Http2FrameStatus.Frame, result.Status);
        Assert.Equal("HeaderTableSize=100,InitialWindowSize=1000", result.Settings);
    }

    [Fact]
    public void TryRead_SelfDependentHeaders_StreamErrorWithParsedFieldBlock()
    {
        var bytes = Frame(T.Headers, F.Priority | F.EndStream, 5, [.. PriorityFields(5, true, 0), 0x82, 0x86]);
        var reader = new Http2FrameReader(isServer: true);

        var result = FrameFeeder.ReadOne(reader, bytes);

        // The block must still reach HPACK (§4.3), and it is still open: only CONTINUATION may follow.
        Assert.Equal(Http2FrameStatus.StreamError, result.Status);
        Assert.Equal("8286", result.Content);
        Assert.True(reader.IsInHeaderBlock);
        Assert.Equal(5u, reader.HeaderBlockStreamId);
    }

    [Fact]
    public void TryRead_OversizedDataThenPing_DataSkippedWithoutBufferingThenPingRead()
    {
        var data = Frame(T.Data, F.EndStream, 3, 20_000);
        var ping = Frame(T.Ping, F.None, 0, UInt32(7).Concat(UInt32(9)).ToArray());
        var bytes = Concat(data, ping);
        var reader = new Http2FrameReader(isServer: true);

        // Deliver the header first: the error comes before the 20000-byte payload is buffered.
        var results = FrameFeeder.Feed(reader, bytes, [9, 100, 15_000]);

        Assert.Equal(2, results.Count);
        Assert.Equal(Http2FrameStatus.StreamError, results[0].Status);
        Assert.Equal(new Http2FrameHeader(20_000, T.Data, F.EndStream, 3), results[0].Header);
        Assert.Equal(Http2FrameStatus.Frame, results[1].Status);
        Assert.Equal(0x0000_0007_0000_0009ul, results[1].PingData);
    }

    [Fact]
    public void TryRead_OversizedDataHeaderOnly_ErrorConsumesTheHeader()
    {
        var reader = new Http2FrameReader(isServer: true);
        var buffer = new ReadOnlySequence<byte>(Frame(T.Data, F.None, 1, 16_385).AsMemory(0, 9));

        var status = reader.TryRead(buffer, out var consumed, out _, out var error);

        Assert.Equal(Http2FrameStatus.StreamError, status);
        Assert.Equal(Http2ErrorCode.FrameSizeError, error.Code);
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void TryRead_OversizedUnknownTypeOnAStream_SilentlySkipped()
    {
        var bytes = Concat(Frame((T)0x42, F.None, 1, 20_000), Frame(T.WindowUpdate, F.None, 0, UInt32(10)));

        var result = FrameFeeder.ReadOne(new Http2FrameReader(isServer: true), bytes);

        Assert.Equal(T.WindowUpdate, result.Header.Type);
        Assert.Equal(10u, result.WindowSizeIncrement);
    }

    [Fact]
    public void TryRead_UnknownTypeOutsideABlock_ReturnedForTheCallerToSkip()
    {
        var reader = new Http2FrameReader(isServer: true);
        var buffer = new ReadOnlySequence<byte>(Frame((T)0xBB, (F)0xFF, 1, [1, 2, 3]));

        var status = reader.TryRead(buffer, out var consumed, out var frame, out _);

        Assert.Equal(Http2FrameStatus.Frame, status);
        Assert.False(frame.IsKnownType);
        Assert.Equal((T)0xBB, frame.Type);
        Assert.Equal([1, 2, 3], frame.Content.ToArray());
        Assert.Equal(buffer.End, consumed);
    }

    [Fact]
    public void TryRead_RaisedMaxFrameSize_LargerDataAccepted()
    {
        var reader = new Http2FrameReader(isServer: true) { MaxFrameSize = 20_000 };

        var result = FrameFeeder.ReadOne(reader, Frame(T.Data, F.None, 1, 20_000));

        Assert.Equal(Http2FrameStatus.Frame, result.Status);
        Assert.Equal(40_000, result.Content.Length);
    }

    [Theory]
    [InlineData(16_383)]
    [InlineData(16_777_216)]
    public void MaxFrameSize_OutOfRange_Throws(int value)
    {
        var reader = new Http2FrameReader(isServer: true);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.MaxFrameSize = value);
    }

    [Fact]
    public void TryRead_ReservedBitsSet_Ignored()
    {
        var bytes = Concat(
            Frame(T.Data, F.None, 0x8000_0001, [0xAB]),
            Frame(T.WindowUpdate, F.None, 0x8000_0003, UInt32(0x8000_0100)),
            Frame(T.GoAway, F.None, 0, [.. UInt32(0x8000_0005), .. UInt32(0x2)]));

        var results = FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes);

        Assert.Equal([1u, 3u, 0u], results.Select(r => r.Header.StreamId));
        Assert.Equal(0x100u, results[1].WindowSizeIncrement);
        Assert.Equal(5u, results[2].LastStreamId);
        Assert.Equal(Http2ErrorCode.InternalError, results[2].ErrorCode);
    }

    [Fact]
    public void TryRead_PaddedFrames_PaddingRemovedFromContent()
    {
        var bytes = Concat(
            Frame(T.Data, F.Padded, 1, [2, 0xAA, 0, 0]),
            Frame(T.Data, F.Padded | F.EndStream, 1, [0]),
            Frame(T.Headers, F.Padded | F.Priority | F.EndHeaders, 3, [1, .. PriorityFields(1, true, 255), 0x82, 0]));

        var results = FrameFeeder.Feed(new Http2FrameReader(isServer: true), bytes);

        Assert.All(results, r => Assert.Equal(Http2FrameStatus.Frame, r.Status));
        Assert.Equal(["AA", "", "82"], results.Select(r => r.Content));
        Assert.Equal(new Http2Priority(1, true, 256), results[2].Priority);
    }

    [Fact]
    public void TryRead_PushPromiseWithPushEnabled_PromisedStreamAndFragment()
    {
        var reader = new Http2FrameReader(isServer: false);

        var result = FrameFeeder.ReadOne(reader, Frame(T.PushPromise, F.Padded | F.EndHeaders, 1, [1, .. UInt32(0x8000_0002), 0x82, 0]));

        Assert.Equal(Http2FrameStatus.Frame, result.Status);
        Assert.Equal(2u, result.PromisedStreamId);
        Assert.Equal("82", result.Content);
    }

    [Fact]
    public void TryRead_HeadersThenContinuations_BlockTrackedUntilEndHeaders()
    {
        var reader = new Http2FrameReader(isServer: true);
        var bytes = Concat(
            Frame(T.Headers, F.EndStream, 1, [0x82]),
            Frame(T.Continuation, F.None, 1, [0x86]),
            Frame(T.Continuation, F.EndHeaders, 1, [0x84]),
            Frame(T.Data, F.None, 1, 0));

        var results = FrameFeeder.Feed(reader, bytes);

        Assert.Equal([T.Headers, T.Continuation, T.Continuation, T.Data], results.Select(r => r.Header.Type));
        Assert.All(results, r => Assert.Equal(Http2FrameStatus.Frame, r.Status));
        Assert.False(reader.IsInHeaderBlock);
    }

    [Fact]
    public void TryRead_EmptyOrShortBuffer_NeedMoreConsumingNothing()
    {
        var reader = new Http2FrameReader(isServer: true);
        var partial = new ReadOnlySequence<byte>(Frame(T.Ping, F.None, 0, 8).AsMemory(0, 12));

        var status = reader.TryRead(partial, out var consumed, out _, out _);
        var emptyStatus = reader.TryRead(ReadOnlySequence<byte>.Empty, out _, out _, out _);

        Assert.Equal(Http2FrameStatus.NeedMore, status);
        Assert.Equal(partial.Start, consumed);
        Assert.Equal(Http2FrameStatus.NeedMore, emptyStatus);
    }

    private sealed record Case(byte[] Bytes, Http2FrameStatus Status, Http2ErrorCode Code, uint StreamId, bool Client = false, bool PushEnabled = true)
    {
        public Http2FrameReader CreateReader() => new(isServer: !Client) { PushEnabled = PushEnabled };
    }
}
