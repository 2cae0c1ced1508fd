using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>Frame-flood limits shared by both sides: each ends the connection with GOAWAY(ENHANCE_YOUR_CALM).</summary>
public sealed partial class Http2ConnectionTests
{
    [Fact]
    public void Dispatch_PingFlood_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake(); // its SETTINGS counts as one of the window's frames
        var before = Http2Stats.Floods;

        for (var i = 0; i < Http2Connection.MaxPingsAndSettingsPerWindow - 1; i++)
        {
            server.Feed(PeerWriter.Ping((ulong)i));
        }

        Assert.Equal(Http2Connection.MaxPingsAndSettingsPerWindow - 1, server.TakeFrames().Count(f => f.Type == Http2FrameType.Ping && f.IsAck));
        server.Feed(PeerWriter.Ping(0));

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
        Assert.True(Http2Stats.Floods > before);
    }

    [Fact]
    public void Dispatch_SettingsFlood_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();

        for (var i = 0; i < Http2Connection.MaxPingsAndSettingsPerWindow && !server.IsClosed; i++)
        {
            server.Feed(PeerWriter.Settings());
        }

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void Dispatch_PriorityFlood_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();

        for (var i = 0; i < Http2Connection.MaxPriorityFramesPerStream; i++)
        {
            server.Feed(PeerWriter.Priority((uint)(2 * i) + 1));
        }

        Assert.False(server.IsClosed);
        server.Feed(PeerWriter.Priority(1));

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void Dispatch_WindowUpdateFlood_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();
        var before = Http2Stats.Floods;

        for (var i = 0; i < Http2Connection.WindowUpdateAllowance; i++)
        {
            server.Feed(PeerWriter.WindowUpdate(0, 1));
        }

        Assert.False(server.IsClosed);
        server.Feed(PeerWriter.WindowUpdate(0, 1));

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
        Assert.True(Http2Stats.Floods > before);
    }

    [Fact]
    public void Dispatch_ConsecutiveEmptyDataFrames_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();
        server.Open(1, endStream: false, "POST");

        server.Feed(server.Peer.Data(1, 0, false));
        Assert.False(server.IsClosed);
        server.Feed(server.Peer.Data(1, 0, false));

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void Dispatch_EmptyDataFramesBetweenNonEmptyOnes_Accepted()
    {
        var server = new ServerHarness();
        server.Handshake();
        var stream = server.Open(1, endStream: false, "POST");

        for (var i = 0; i < 10; i++)
        {
            server.Feed(server.Peer.Data(1, 0, false), server.Peer.Data(1, 1, false));
        }

        server.Feed(server.Peer.Data(1, 0, true));
        Assert.True(stream.Receiver.Ended);
        Assert.False(server.IsClosed);
    }

    [Fact]
    public void Dispatch_ContinuationFlood_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();
        var before = Http2Stats.Floods;

        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.None, 1, [0x82]));
        for (var i = 0; i < 32; i++)
        {
            server.Feed(PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.None, 1, [0x84]));
        }

        Assert.False(server.IsClosed);
        server.Feed(PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.None, 1, [0x84]));

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
        Assert.True(Http2Stats.Floods > before);
    }

    [Fact]
    public void Dispatch_OversizedHeaderBlock_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();
        var limit = server.Options.MaxHeaderSize + (32 * server.Options.MaxHeaderCount);

        // Literal fields of 8000 raw (never Huffman-shrunk) bytes each, in frames that never end the block.
        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.None, 1, new byte[16_000]));
        for (var sent = 16_000; sent <= limit && !server.IsClosed; sent += 16_000)
        {
            server.Feed(PeerWriter.Raw(Http2FrameType.Continuation, Http2FrameFlags.None, 1, new byte[16_000]));
        }

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void Dispatch_FrameInterruptingHeaderBlock_GoAwayProtocolError()
    {
        var server = new ServerHarness();
        server.Handshake();

        server.Feed(PeerWriter.Raw(Http2FrameType.Headers, Http2FrameFlags.None, 1, [0x82]), PeerWriter.Ping(1));

        server.ExpectGoAway(Http2ErrorCode.ProtocolError);
    }
}
