using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>
/// What <see cref="Http2Connection"/> does for both sides, driven through the server side: flow control in both
/// directions (RFC 9113 §5.2, §6.9), SETTINGS and PING, and the send-side watermarks.
/// </summary>
public sealed partial class Http2ConnectionTests
{
    private static readonly ProtocolOptions SmallWindows = new() { InitialStreamWindowSize = 65_535, InitialConnectionWindowSize = 65_535 };

    // ------------------------------------------------------------ receiving

    [Fact]
    public void Dispatch_ConsumedData_WindowUpdateOnlyOnceHalfTheWindowIsConsumed()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        // Half of the 65535-byte windows is 32767 bytes.
        server.Feed(server.Peer.Data(1, 16_384, false), server.Peer.Data(1, 16_382, false));
        Assert.Empty(server.TakeFrames());

        server.Feed(server.Peer.Data(1, 1, false));
        var updates = server.TakeFrames();
        Assert.Equal(2, updates.Count);
        Assert.Contains(updates, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 0 && f.WindowIncrement == 32_767);
        Assert.Contains(updates, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 1 && f.WindowIncrement == 32_767);
    }

    [Fact]
    public void Dispatch_ManyWindowsOfData_NeverExceedsWindowWhenPeerHonoursUpdates()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();
        long streamCredit = 65_535, connectionCredit = 65_535, sent = 0;

        while (sent < 1_000_000)
        {
            var chunk = (int)Math.Min(Math.Min(streamCredit, connectionCredit), 16_384);
            Assert.True(chunk > 0, "the server stopped granting window while the receiver consumed everything");
            server.Feed(server.Peer.Data(1, chunk, false));
            sent += chunk;
            streamCredit -= chunk;
            connectionCredit -= chunk;
            foreach (var update in server.TakeFrames().Where(f => f.Type == Http2FrameType.WindowUpdate))
            {
                if (update.StreamId == 0)
                {
                    connectionCredit += update.WindowIncrement;
                }
                else
                {
                    streamCredit += update.WindowIncrement;
                }
            }
        }

        Assert.Equal(sent, stream.Receiver.BodyLength);
        Assert.False(server.IsClosed);
    }

    [Fact]
    public void ReadDisable_WithholdsWindowUpdateAndReEnableSendsIt()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        stream.Stream.ReadDisable(true);
        server.Feed(server.Peer.Data(1, 40_000, false));

        Assert.Equal(40_000, stream.Receiver.BodyLength);
        Assert.Empty(server.TakeFrames());

        stream.Stream.ReadDisable(false);
        var updates = server.TakeFrames();
        Assert.Contains(updates, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 0 && f.WindowIncrement == 40_000);
        Assert.Contains(updates, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 1 && f.WindowIncrement == 40_000);
    }

    [Fact]
    public void ReadDisable_Counted_NeedsAsManyEnables()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        server.TakeFrames();

        stream.Stream.ReadDisable(true);
        stream.Stream.ReadDisable(true);
        server.Feed(server.Peer.Data(1, 40_000, false));
        stream.Stream.ReadDisable(false);
        Assert.Empty(server.TakeFrames());

        stream.Stream.ReadDisable(false);
        Assert.Equal(2, server.TakeFrames().Count(f => f.Type == Http2FrameType.WindowUpdate));
    }

    [Fact]
    public void Dispatch_PeerExceedsStreamWindow_RstFlowControlErrorOthersUnaffected()
    {
        var server = new ServerHarness(new ProtocolOptions { InitialStreamWindowSize = 65_535 });
        server.Handshake();
        var greedy = server.Open(1, endStream: false, "POST");
        var other = server.Open(3, endStream: false, "POST");
        greedy.Stream.ReadDisable(true);
        server.TakeFrames();

        server.Feed(server.Peer.Data(1, 16_384, false), server.Peer.Data(1, 16_384, false), server.Peer.Data(1, 16_384, false));
        Assert.Empty(server.TakeFrames());
        server.Feed(server.Peer.Data(1, 16_384, false));

        server.ExpectRst(1, Http2ErrorCode.FlowControlError);
        Assert.Equal([StreamResetReason.ProtocolError], greedy.Listener.Resets);
        server.Feed(server.Peer.Data(3, 10, true));
        Assert.True(other.Receiver.Ended);
    }

    [Fact]
    public void Dispatch_PeerExceedsConnectionWindow_GoAwayFlowControlError()
    {
        var server = new ServerHarness(new ProtocolOptions { InitialStreamWindowSize = 256 * 1024, InitialConnectionWindowSize = 65_535 });
        server.Handshake();
        var first = server.Open(1, endStream: false, "POST");
        var second = server.Open(3, endStream: false, "POST");
        first.Stream.ReadDisable(true);
        second.Stream.ReadDisable(true);
        server.TakeFrames();

        server.Feed(server.Peer.Data(1, 16_384, false), server.Peer.Data(3, 16_384, false), server.Peer.Data(1, 16_384, false), server.Peer.Data(3, 16_383, false));
        Assert.False(server.IsClosed);
        server.Feed(server.Peer.Data(1, 1, false));

        server.ExpectGoAway(Http2ErrorCode.FlowControlError);
        Assert.Equal([StreamResetReason.ConnectionTermination], first.Listener.Resets);
    }

    [Fact]
    public void Dispatch_PaddingCountsAgainstWindowAndIsReturnedAtOnce()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        stream.Stream.ReadDisable(true);
        server.TakeFrames();
        var payload = new byte[1 + 100 + 255];
        payload[0] = 255; // Pad Length 255: 100 content bytes, then 255 octets of padding.

        // 100 content bytes held (reading disabled), 256 octets of padding and Pad Length returned at once.
        for (var i = 0; i < 128; i++)
        {
            server.Feed(PeerWriter.Raw(Http2FrameType.Data, Http2FrameFlags.Padded, 1, payload));
        }

        var updates = server.TakeFrames();
        Assert.Equal(128 * 100, stream.Receiver.BodyLength);
        Assert.Contains(updates, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 0);
        Assert.False(server.IsClosed);
    }

    /// <summary>
    /// Bytes a read-disabled stream held count against the connection window. When the stream goes away (here: the
    /// response ended first and the server reset it with NO_ERROR) they must be returned, or the connection window shrinks
    /// for good and the connection stalls for every other stream.
    /// </summary>
    [Fact]
    public void CloseStream_WhileReadDisabledWithHeldBytes_ReturnsThemToConnectionWindow()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        stream.Stream.ReadDisable(true);
        server.Feed(server.Peer.Data(1, 40_000, false));
        ServerHarness.Respond(stream.Sender, 413, string.Empty);
        server.TakeFrames();

        var next = server.Open(3, endStream: false, "POST");
        server.Feed(server.Peer.Data(3, 16_384, false), server.Peer.Data(3, 16_384, false), server.Peer.Data(3, 7_232, true));

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(40_000, next.Receiver.BodyLength);
    }

    /// <summary>As above, when the peer resets the read-disabled stream.</summary>
    [Fact]
    public void PeerReset_WhileReadDisabledWithHeldBytes_ReturnsThemToConnectionWindow()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        stream.Stream.ReadDisable(true);
        server.Feed(server.Peer.Data(1, 40_000, false), PeerWriter.RstStream(1, Http2ErrorCode.Cancel));
        server.TakeFrames();

        var next = server.Open(3, endStream: false, "POST");
        server.Feed(server.Peer.Data(3, 16_384, false), server.Peer.Data(3, 16_384, false), server.Peer.Data(3, 7_232, true));

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(40_000, next.Receiver.BodyLength);
    }

    [Fact]
    public void Dispatch_DataOnStreamWeReset_ReturnsConnectionWindow()
    {
        var server = new ServerHarness(SmallWindows);
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");
        stream.Stream.ResetStream(StreamResetReason.LocalReset);
        server.TakeFrames();

        // 5 × 16 KB on the reset stream (in flight): more than the connection window unless it is returned.
        for (var i = 0; i < 5; i++)
        {
            server.Feed(server.Peer.Data(1, 16_384, false));
            foreach (var update in server.TakeFrames())
            {
                Assert.Equal(Http2FrameType.WindowUpdate, update.Type);
                Assert.Equal(0u, update.StreamId);
            }
        }

        Assert.False(server.IsClosed);
    }

    // ------------------------------------------------------------ sending

    [Fact]
    public void SendData_PastPeerStreamWindow_QueuesAndResumesOnStreamWindowUpdate()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 1_000));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();
        var body = PeerWriter.Fill(2_500);

        stream.Sender.SendHeaders(ServerHarness.Status(200), endStream: false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(body), endStream: true);

        var frames = server.TakeFrames();
        Assert.Equal(1_000, frames.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Data.Length));
        Assert.DoesNotContain(frames, f => f.EndStream);

        server.Feed(PeerWriter.WindowUpdate(1, 1_000));
        frames = server.TakeFrames();
        Assert.Equal(1_000, Assert.Single(frames).Data.Length);
        Assert.False(frames[0].EndStream);

        server.Feed(PeerWriter.WindowUpdate(1, 5_000));
        var last = Assert.Single(server.TakeFrames());
        Assert.Equal(500, last.Data.Length);
        Assert.True(last.EndStream);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
    }

    [Fact]
    public void SendData_PastPeerConnectionWindow_QueuesAndResumesOnConnectionWindowUpdate()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 1_000_000));
        var first = server.Open(1, endStream: true);
        var second = server.Open(3, endStream: true);
        server.TakeFrames();

        first.Sender.SendHeaders(ServerHarness.Status(200), false);
        first.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(60_000)), endStream: true);
        second.Sender.SendHeaders(ServerHarness.Status(200), false);
        second.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(10_000)), endStream: true);

        var frames = server.TakeFrames();
        Assert.Equal(60_000, frames.Where(f => f.Type == Http2FrameType.Data && f.StreamId == 1).Sum(f => f.Data.Length));
        Assert.Equal(5_535, frames.Where(f => f.Type == Http2FrameType.Data && f.StreamId == 3).Sum(f => f.Data.Length));

        server.Feed(PeerWriter.WindowUpdate(0, 100_000));
        var rest = Assert.Single(server.TakeFrames());
        Assert.Equal(3u, rest.StreamId);
        Assert.Equal(4_465, rest.Data.Length);
        Assert.True(rest.EndStream);
    }

    [Fact]
    public void SendData_QueuedBody_ArrivesIntactAndInOrder()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 3_000));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();
        var body = PeerWriter.Fill(100_000, seed: 7);

        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        for (var offset = 0; offset < body.Length; offset += 10_000)
        {
            stream.Sender.SendData(new ReadOnlySequence<byte>(body, offset, 10_000), endStream: offset + 10_000 == body.Length);
        }

        var received = new List<byte>();
        var ended = false;
        for (var i = 0; i < 1_000 && !ended; i++)
        {
            foreach (var frame in server.TakeFrames().Where(f => f.Type == Http2FrameType.Data))
            {
                received.AddRange(frame.Data);
                ended |= frame.EndStream;
            }

            server.Feed(PeerWriter.WindowUpdate(1, 3_000), PeerWriter.WindowUpdate(0, 3_000));
        }

        Assert.True(ended);
        Assert.Equal(body, received.ToArray());
    }

    [Fact]
    public void SendTrailers_BehindQueuedData_WaitForTheData()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 10));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(30)), endStream: false);
        stream.Sender.SendTrailers(ServerHarness.Status(0, ("grpc-status", "0")).Without(PseudoHeaders.Status));
        var frames = server.TakeFrames();
        Assert.Equal([Http2FrameType.Headers, Http2FrameType.Data], frames.Select(f => f.Type));

        server.Feed(PeerWriter.WindowUpdate(1, 100));

        frames = server.TakeFrames();
        Assert.Equal([Http2FrameType.Data, Http2FrameType.Headers], frames.Select(f => f.Type));
        Assert.Equal(20, frames[0].Data.Length);
        Assert.False(frames[0].EndStream);
        Assert.True(frames[1].EndStream);
        Assert.Equal("0", frames[1].Header("grpc-status"));
    }

    [Fact]
    public void SendData_EmptyEndStreamWithClosedWindow_SentAtOnce()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 0));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        stream.Sender.SendData(ReadOnlySequence<byte>.Empty, endStream: true);

        var frames = server.TakeFrames();
        Assert.True(frames[^1].EndStream);
        Assert.Empty(frames[^1].Data);
        Assert.Equal(0, server.Codec.ActiveStreamCount);
    }

    [Fact]
    public void SendData_LargerThanPeerMaxFrameSize_SplitIntoFrames()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 1_000_000));
        server.Feed(PeerWriter.WindowUpdate(0, 1_000_000));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(40_000)), endStream: true);

        var data = server.TakeFrames().Where(f => f.Type == Http2FrameType.Data).ToList();
        Assert.Equal([16_384, 16_384, 7_232], data.Select(f => f.Data.Length));
        Assert.True(data[^1].EndStream);
    }

    [Fact]
    public void SendData_PeerRaisedMaxFrameSize_UsesLargerFrames()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.MaxFrameSize, 32_768), new Http2Setting(Http2SettingsParameter.InitialWindowSize, 1_000_000));
        server.Wire.MaxFrameSize = 32_768;
        server.Feed(PeerWriter.WindowUpdate(0, 1_000_000));
        var stream = server.Open(1, endStream: true);
        server.TakeFrames();

        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(40_000)), endStream: true);

        Assert.Equal([32_768, 7_232], server.TakeFrames().Where(f => f.Type == Http2FrameType.Data).Select(f => f.Data.Length));
    }

    [Fact]
    public void Dispatch_InitialWindowSizeChange_AppliedToOpenStreamsIncludingNegative()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 1_000));
        var stream = server.Open(1, endStream: true);
        stream.Sender.SendHeaders(ServerHarness.Status(200), false);
        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(5_000)), endStream: true);
        Assert.Equal(1_000, server.TakeFrames().Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Data.Length));

        // Window 0 → 1000 - 1000 - 1000 = -1000 after the change.
        server.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 0)));
        Assert.True(Assert.Single(server.TakeFrames()).IsAck);

        server.Feed(PeerWriter.WindowUpdate(1, 1_500));
        Assert.Equal(500, Assert.Single(server.TakeFrames()).Data.Length);

        // Raising the initial window by 4000 opens 4000 more at once.
        server.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 4_000)));
        var frames = server.TakeFrames();
        Assert.Equal(3_500, frames.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Data.Length));
        Assert.True(frames.Last(f => f.Type == Http2FrameType.Data).EndStream);
    }

    [Fact]
    public void Dispatch_StreamWindowUpdateOverflow_RstFlowControlError()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: true);
        var other = server.Open(3, endStream: true);
        server.TakeFrames();

        server.Feed(PeerWriter.WindowUpdate(1, int.MaxValue));

        server.ExpectRst(1, Http2ErrorCode.FlowControlError);
        Assert.Equal([StreamResetReason.ProtocolError], stream.Listener.Resets);
        Assert.Empty(other.Listener.Resets);
    }

    [Fact]
    public void Dispatch_ConnectionWindowUpdateOverflow_GoAwayFlowControlError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.WindowUpdate(0, int.MaxValue));

        server.ExpectGoAway(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public void Dispatch_InitialWindowSizeOverflowsStreamWindow_GoAwayFlowControlError()
    {
        var server = new ServerHarness();
        server.Handshake();
        server.Open(1, endStream: true);
        server.Feed(PeerWriter.WindowUpdate(1, int.MaxValue - 65_535));
        server.TakeFrames();

        server.Feed(PeerWriter.Settings(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 65_536)));

        server.ExpectGoAway(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public void Dispatch_InitialWindowSizeAboveMaximum_GoAwayFlowControlError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Raw(Http2FrameType.Settings, Http2FrameFlags.None, 0, Frames.FrameBytes.Setting(4, 0x8000_0000)));

        server.ExpectGoAway(Http2ErrorCode.FlowControlError);
    }

    // ------------------------------------------------------------ watermarks

    [Fact]
    public void SendData_QueuePastHighWatermark_NotifiesAboveThenBelowWhenDrained()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.InitialWindowSize, 0));
        var stream = server.Open(1, endStream: true);
        var other = server.Open(3, endStream: true);
        server.TakeFrames();
        stream.Sender.SendHeaders(ServerHarness.Status(200), false);

        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(Http2Connection.StreamHighWatermark)), endStream: false);
        server.Settle();
        Assert.Equal(0, stream.Listener.AboveHighWatermark);
        stream.Sender.SendData(new ReadOnlySequence<byte>(PeerWriter.Fill(1)), endStream: false);
        server.Settle();
        Assert.Equal(1, stream.Listener.AboveHighWatermark);
        Assert.Equal(0, other.Listener.AboveHighWatermark);

        // Draining to just above the low watermark is not enough...
        server.Feed(PeerWriter.WindowUpdate(1, Http2Connection.StreamHighWatermark + 1 - Http2Connection.StreamLowWatermark));
        Assert.Equal(0, stream.Listener.BelowLowWatermark);

        // ...under it is.
        server.Feed(PeerWriter.WindowUpdate(1, 1));
        Assert.Equal(1, stream.Listener.BelowLowWatermark);
        Assert.Equal(1, stream.Listener.AboveHighWatermark);
    }

    [Fact]
    public void OnAboveWriteBufferHighWatermark_Transport_ForwardedToEveryStream()
    {
        var server = new ServerHarness();
        server.Handshake();
        var first = server.Open(1, endStream: true);
        var second = server.Open(3, endStream: true);

        server.Connection.RaiseHighWatermark();
        server.Settle();
        Assert.Equal(1, first.Listener.AboveHighWatermark);
        Assert.Equal(1, second.Listener.AboveHighWatermark);

        var third = server.Open(5, endStream: true);
        Assert.Equal(1, third.Listener.AboveHighWatermark);

        server.Connection.RaiseLowWatermark();
        server.Settle();
        Assert.Equal(1, first.Listener.BelowLowWatermark);
        Assert.Equal(1, third.Listener.BelowLowWatermark);
    }

    // ------------------------------------------------------------ SETTINGS, PING

    [Fact]
    public void Dispatch_Ping_AnsweredWithAckEchoingData()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Ping(0x0102030405060708), PeerWriter.Ping(99, ack: true));

        var ack = Assert.Single(server.TakeFrames());
        Assert.Equal(Http2FrameType.Ping, ack.Type);
        Assert.True(ack.IsAck);
        Assert.Equal(0x0102030405060708ul, ack.PingData);
    }

    [Fact]
    public void Dispatch_SettingsAck_NotAnswered()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.SettingsAck());

        Assert.Empty(server.TakeFrames());
    }

    [Fact]
    public void Dispatch_HeaderTableSizeZero_ResponsesStopUsingDynamicTable()
    {
        var server = new ServerHarness();
        server.Handshake(new Http2Setting(Http2SettingsParameter.HeaderTableSize, 0));
        server.AutoRespond = true;

        // The server's encoder must announce the new size (a size update at the start of its next block), which the
        // wire reader's decoder checks; then every response still decodes.
        server.Feed(server.Peer.Request(1, true, "GET", "/", ("x-a", "1")));
        server.Feed(server.Peer.Request(3, true, "GET", "/", ("x-a", "1")));

        var headers = server.TakeFrames().Where(f => f.Type == Http2FrameType.Headers).ToList();
        Assert.Equal(2, headers.Count);
        Assert.All(headers, h => Assert.Equal("200", h.Header(":status")));
    }

    [Fact]
    public void Dispatch_UnknownFrameType_Ignored()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Raw((Http2FrameType)0xfa, Http2FrameFlags.None, 0, Encoding.ASCII.GetBytes("whatever")));

        Assert.Empty(server.TakeFrames());
        server.AssertServes(1);
    }
}
