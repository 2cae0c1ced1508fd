using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.Tests.TestSupport;

namespace Mosn.Protocols.Http2.Tests.Connection;

/// <summary>Server-side abuse limits: concurrency, rapid reset (CVE-2023-44487), unread control frames.</summary>
public sealed partial class Http2ServerConnectionTests
{
    [Fact]
    public void Dispatch_MoreThanMaxConcurrentStreams_RstRefusedStream()
    {
        var server = new ServerHarness(new ProtocolOptions { MaxConcurrentStreams = 2 });
        server.Handshake();
        var first = server.Open(1, endStream: false, "POST");
        var second = server.Open(3, endStream: false, "POST");
        server.TakeFrames();
        var before = Http2Stats.RefusedStreams;

        server.Feed(server.Peer.Request(5, endStream: true));

        Assert.Equal(2, server.Streams.Count);
        server.ExpectRst(5, Http2ErrorCode.RefusedStream);
        Assert.True(Http2Stats.RefusedStreams > before);
        Assert.Empty(first.Listener.Resets);
        Assert.Empty(second.Listener.Resets);

        // Once a stream completes there is room again.
        server.Feed(server.Peer.Data(1, 1, true));
        ServerHarness.Respond(first.Sender, 200, string.Empty);
        server.TakeFrames();
        server.Feed(server.Peer.Request(7, endStream: true));
        Assert.Equal(3, server.Streams.Count);
    }

    [Fact]
    public void Dispatch_RapidReset_GoAwayEnhanceYourCalm()
    {
        var server = new ServerHarness();
        server.Handshake();
        var before = Http2Stats.RapidResets;

        for (uint id = 1; id < 2 * Http2ServerConnection.PrematureResetThreshold; id += 2)
        {
            server.Feed(server.Peer.Request(id, endStream: true), PeerWriter.RstStream(id, Http2ErrorCode.Cancel));
        }

        server.ExpectGoAway(Http2ErrorCode.EnhanceYourCalm);
        Assert.True(Http2Stats.RapidResets > before);
        Assert.All(server.Streams, s => Assert.Equal([StreamResetReason.RemoteReset], s.Listener.Resets));
    }

    [Fact]
    public void Dispatch_ResetsAmongManyCompletedStreams_NotTreatedAsRapidReset()
    {
        var server = new ServerHarness { AutoRespond = true };
        server.Handshake();
        uint id = 1;
        for (var i = 0; i < 300; i++, id += 2)
        {
            server.Feed(server.Peer.Request(id, endStream: true));
        }

        server.AutoRespond = false;
        for (var i = 0; i < 120; i++, id += 2)
        {
            server.Feed(server.Peer.Request(id, endStream: true), PeerWriter.RstStream(id, Http2ErrorCode.Cancel));
        }

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        server.AssertServes(id);
    }

    [Fact]
    public void Dispatch_ResetAfterResponseStarted_NotCountedAsPremature()
    {
        var server = new ServerHarness();
        server.Handshake();

        for (uint id = 1; id < 4 * Http2ServerConnection.PrematureResetThreshold; id += 2)
        {
            server.Feed(server.Peer.Request(id, endStream: true));
            server.Last.Sender.SendHeaders(ServerHarness.Status(200), endStream: false);
            server.Feed(PeerWriter.RstStream(id, Http2ErrorCode.Cancel));
        }

        Assert.DoesNotContain(server.TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        Assert.False(server.IsClosed);
    }

    [Fact]
    public void Dispatch_ControlFramesWhileTransportAboveHighWatermark_ClosesConnection()
    {
        var server = new ServerHarness();
        server.Handshake();
        var before = Http2Stats.Floods;
        server.Connection.RaiseHighWatermark();

        // Each CONNECT that is still sending gets 501 and RST_STREAM(NO_ERROR): control frames the client never reads.
        uint id = 1;
        for (var i = 0; i <= Http2Connection.MaxControlFramesWhileBlocked && !server.IsClosed; i++, id += 2)
        {
            server.Feed(server.Peer.Headers(id, endStream: false, (":method", "CONNECT"), (":authority", "x:1")));
        }

        Assert.True(server.IsClosed);
        Assert.Equal(ConnectionCloseType.NoFlush, server.Connection.ClosedWith);
        Assert.Equal((uint)(2 * (Http2Connection.MaxControlFramesWhileBlocked + 1)) + 1, id);
        Assert.True(Http2Stats.Floods > before);
    }

    [Fact]
    public void Dispatch_ControlFramesAfterTransportDrained_CountRestarts()
    {
        var server = new ServerHarness();
        server.Handshake();
        uint id = 1;
        for (var round = 0; round < 3; round++)
        {
            server.Connection.RaiseHighWatermark();
            for (var i = 0; i < Http2Connection.MaxControlFramesWhileBlocked / 2; i++, id += 2)
            {
                server.Feed(server.Peer.Headers(id, endStream: false, (":method", "CONNECT"), (":authority", "x:1")));
            }

            server.Connection.RaiseLowWatermark();
        }

        Assert.False(server.IsClosed);
    }
}
