using System.Buffers.Binary;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Bolt;
using Mosn.Protocols.Bolt.Tests;
using Mosn.Protocols.XProtocol.Connection;
using Mosn.Protocols.XProtocol.Tests.TestSupport;
using Mosn.Streams;

namespace Mosn.Protocols.XProtocol.Tests.Connection;

public sealed class XClientConnectionTests
{
    private readonly FakeConnection _connection = new();
    private readonly CountingClientCallbacks _callbacks = new();

    private XClientConnection Create() => new(_connection, _callbacks, BoltCodec.Instance, XProtocolOptions.Default);

    private static ReadBuffer Buffer(byte[] bytes)
    {
        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(bytes), endOfStream: false);
        return buffer;
    }

    private static HeaderMap DownstreamRequest(uint downstreamId, string service)
    {
        BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(BoltFrames.Request(downstreamId, 1000, "", [("service", service)])), XProtocolOptions.Default, out var frame);
        return (HeaderMap)frame.Headers;
    }

    [Fact]
    public void NewStream_RewritesTheRequestIdPerConnection()
    {
        var client = Create();
        var first = client.NewStream(new RecordingStreamReceiver());
        var second = client.NewStream(new RecordingStreamReceiver());

        first.SendHeaders(DownstreamRequest(500, "a"), endStream: false);
        first.SendData(new ReadOnlySequence<byte>([1]), endStream: true);
        second.SendHeaders(DownstreamRequest(500, "b"), endStream: true);

        Assert.Equal(1UL, first.Stream.Id);
        Assert.Equal(2UL, second.Stream.Id);
        Assert.Equal(
            [.. BoltFrames.Request(1, 1000, "", [("service", "a")], [1]), .. BoltFrames.Request(2, 1000, "", [("service", "b")])],
            _connection.WrittenBytes);
        Assert.Equal(2, client.ActiveStreamCount);
    }

    [Fact]
    public async Task ThousandsOfInterleavedRequests_EveryResponseReachesItsCaller()
    {
        const int Count = 4000;
        var client = Create();
        var receivers = new RecordingStreamReceiver[Count];
        var senders = new IStreamSender[Count];

        // Many threads start and send streams at once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = t; i < Count; i += 8)
            {
                receivers[i] = new RecordingStreamReceiver();
                senders[i] = client.NewStream(receivers[i]);
                var body = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(body, i);
                senders[i].SendHeaders(DownstreamRequest(7, "svc"), endStream: false);
                senders[i].SendData(new ReadOnlySequence<byte>(body), endStream: true);
            }
        })));

        Assert.Equal(Count, senders.Select(s => s.Stream.Id).Distinct().Count());
        Assert.Equal(Count, client.ActiveStreamCount);

        // The server echoes each request's body, in shuffled order, several frames per read.
        var requests = new ReadBuffer();
        requests.Reset(new ReadOnlySequence<byte>(_connection.WrittenBytes), false);
        var echoes = new List<byte[]>();
        while (BoltCodec.Instance.Decode(requests.Data, XProtocolOptions.Default, out var request) == XDecodeStatus.Frame)
        {
            echoes.Add(BoltFrames.Response((uint)request.RequestId, 0, "", [], request.Body.ToArray()));
            requests.Consume(request.Length);
        }

        Assert.Equal(Count, echoes.Count);
        var shuffled = echoes.OrderBy(_ => Random.Shared.Next()).ToList();
        for (var i = 0; i < shuffled.Count; i += 7)
        {
            client.Dispatch(Buffer([.. shuffled.Skip(i).Take(7).SelectMany(b => b)]));
        }

        for (var i = 0; i < Count; i++)
        {
            Assert.True(receivers[i].Ended);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(receivers[i].Body));
            Assert.Equal("200", receivers[i].Headers!.Get(":status"));
        }

        Assert.Equal(0, client.ActiveStreamCount);
        Assert.True(SpinWait.SpinUntil(() => _callbacks.Completions == Count, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Dispatch_UnknownResponseId_DroppedAndCounted()
    {
        var client = Create();
        var receiver = new RecordingStreamReceiver();
        var sender = client.NewStream(receiver);
        sender.SendHeaders(DownstreamRequest(1, "s"), endStream: true);
        var before = XProtocolStats.UnknownResponses;

        client.Dispatch(Buffer(BoltFrames.Response(999)));

        Assert.Null(receiver.Headers);
        Assert.Equal(before + 1, XProtocolStats.UnknownResponses);
        Assert.Equal(1, client.ActiveStreamCount);
    }

    [Fact]
    public void ResetStream_LateResponseDropped_SlotFreed()
    {
        var client = Create();
        var receiver = new RecordingStreamReceiver();
        var sender = client.NewStream(receiver);
        sender.SendHeaders(DownstreamRequest(1, "s"), endStream: true);

        sender.Stream.ResetStream(StreamResetReason.GlobalTimeout);
        client.Dispatch(Buffer(BoltFrames.Response((uint)sender.Stream.Id)));

        Assert.Null(receiver.Headers);
        Assert.Equal(0, client.ActiveStreamCount);
        Assert.True(SpinWait.SpinUntil(() => _callbacks.Completions == 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ConnectionClose_SentStreamsTerminated_UnsentRefused()
    {
        var client = Create();
        var sent = new RecordingStreamReceiver();
        var unsent = new RecordingStreamReceiver();
        var sentStream = client.NewStream(sent);
        var unsentStream = client.NewStream(unsent);
        sentStream.Stream.AddEventListener(sent);
        unsentStream.Stream.AddEventListener(unsent);
        sentStream.SendHeaders(DownstreamRequest(1, "s"), endStream: true);

        _connection.Close(ConnectionCloseType.NoFlush, ConnectionEvent.RemoteClose);

        Assert.True(SpinWait.SpinUntil(() => sent.Reset is not null && unsent.Reset is not null && _callbacks.Completions == 2, TimeSpan.FromSeconds(10)));
        Assert.Equal(StreamResetReason.ConnectionTermination, sent.Reset);
        Assert.Equal(StreamResetReason.RefusedStream, unsent.Reset);
        Assert.False(client.CanStartStream);
    }

    [Fact]
    public void Dispatch_HeartbeatFromServer_Answered_GoAwayStopsNewStreams()
    {
        var client = Create();

        client.Dispatch(Buffer(BoltFrames.Request(3, -1, cmdCode: 0)));
        Assert.Equal(BoltFrames.Response(3, 0, cmdCode: 0), _connection.WrittenBytes);

        client.Dispatch(Buffer(BoltFrames.Request(4, cmdCode: 100)));
        Assert.False(client.CanStartStream);
        Assert.True(SpinWait.SpinUntil(() => _callbacks.GoAways == 1, TimeSpan.FromSeconds(10)));
        Assert.True(SpinWait.SpinUntil(() => _connection.ClosedWith is not null, TimeSpan.FromSeconds(10))); // idle: closed at once
    }

    [Fact]
    public void OneWayRequest_CompletesWhenSent()
    {
        var client = Create();
        var receiver = new RecordingStreamReceiver();
        var sender = client.NewStream(receiver);
        BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(BoltFrames.Request(8, type: 2)), XProtocolOptions.Default, out var frame);

        sender.SendHeaders(frame.Headers, endStream: true);

        Assert.True(SpinWait.SpinUntil(() => receiver.Ended && _callbacks.Completions == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, client.ActiveStreamCount);
        Assert.Equal(2, _connection.WrittenBytes[1]);
    }

    [Fact]
    public void Dispatch_MalformedResponse_ClosesAndResets()
    {
        var client = Create();
        var receiver = new RecordingStreamReceiver();
        var sender = client.NewStream(receiver);
        sender.Stream.AddEventListener(receiver);
        sender.SendHeaders(DownstreamRequest(1, "s"), endStream: true);

        client.Dispatch(Buffer([0x01, 0x07, 0, 0]));

        Assert.Equal(ConnectionCloseType.NoFlush, _connection.ClosedWith);
        Assert.True(SpinWait.SpinUntil(() => receiver.Reset is not null, TimeSpan.FromSeconds(10)));
        Assert.Equal(StreamResetReason.ConnectionTermination, receiver.Reset);
    }

    // ------------------------------------------------------------ keepalive

    private static readonly TimeSpan s_interval = XProtocolOptions.Default.KeepaliveInterval;
    private static readonly TimeSpan s_timeout = XProtocolOptions.Default.KeepaliveTimeout;

    private XClientConnection CreateWithClock(ManualTimeProvider clock, XProtocolOptions? options = null) =>
        new(_connection, _callbacks, BoltCodec.Instance, options ?? XProtocolOptions.Default, clock);

    [Fact]
    public void Keepalive_IdleForAnInterval_SendsTheCodecsHeartbeat()
    {
        var clock = new ManualTimeProvider();
        _ = CreateWithClock(clock);

        clock.Advance(s_interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_connection.WrittenBytes);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(BoltFrames.Request(1, timeout: -1, cmdCode: 0), _connection.WrittenBytes);
    }

    [Fact]
    public void Keepalive_BytesReceivedDuringTheInterval_NoHeartbeat()
    {
        var clock = new ManualTimeProvider();
        var client = CreateWithClock(clock);

        clock.Advance(s_interval / 2);
        client.Dispatch(Buffer(BoltFrames.Response(999))); // an unknown response still shows the peer is alive
        clock.Advance(s_interval / 2);

        Assert.Empty(_connection.WrittenBytes);
    }

    [Fact]
    public void Keepalive_SixUnansweredHeartbeats_ClosesTheConnectionAndResetsStreams()
    {
        var clock = new ManualTimeProvider();
        var client = CreateWithClock(clock);
        var receiver = new RecordingStreamReceiver();
        var sender = client.NewStream(receiver);
        sender.Stream.AddEventListener(receiver);
        sender.SendHeaders(DownstreamRequest(1, "svc"), endStream: true);
        _connection.ClearWritten();

        for (var i = 1; i < XProtocolOptions.Default.KeepaliveFailuresToClose; i++)
        {
            clock.Advance(s_interval);
            clock.Advance(s_timeout);
            Assert.Equal(i, client.HeartbeatFailures);
            Assert.Null(_connection.ClosedWith);
        }

        clock.Advance(s_interval);
        clock.Advance(s_timeout);

        Assert.Equal(ConnectionCloseType.NoFlush, _connection.ClosedWith);
        Assert.Equal(StreamResetReason.ConnectionTermination, receiver.Reset);
        Assert.Equal(0, clock.ActiveTimers); // timers disposed with the connection
    }

    [Fact]
    public void Keepalive_AnsweredHeartbeat_ClearsTheFailureCount()
    {
        var clock = new ManualTimeProvider();
        var client = CreateWithClock(clock);
        var failures = XProtocolOptions.Default.KeepaliveFailuresToClose - 1;
        for (var i = 0; i < failures; i++)
        {
            clock.Advance(s_interval); // a heartbeat at each tick; the previous one timed out in between
        }

        clock.Advance(s_timeout);
        Assert.Equal(failures, client.HeartbeatFailures);
        _connection.ClearWritten();

        clock.Advance(s_interval - s_timeout); // the next tick: one more heartbeat
        BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(_connection.WrittenBytes), XProtocolOptions.Default, out var heartbeat);
        Assert.Equal(XFrameKind.Heartbeat, heartbeat.Kind);
        client.Dispatch(Buffer(BoltFrames.Response((uint)heartbeat.RequestId, cmdCode: 0)));
        clock.Advance(s_timeout);

        Assert.Equal(0, client.HeartbeatFailures);
        Assert.Null(_connection.ClosedWith);
    }

    [Fact]
    public void Keepalive_HeartbeatIdIsNeverGivenToAStream()
    {
        var clock = new ManualTimeProvider();
        var client = CreateWithClock(clock);

        clock.Advance(s_interval); // heartbeat with id 1 outstanding
        var stream = client.NewStream(new RecordingStreamReceiver());

        Assert.Equal(2UL, stream.Stream.Id);
    }

    [Fact]
    public void Keepalive_Disabled_NoTimers()
    {
        var clock = new ManualTimeProvider();
        _ = CreateWithClock(clock, XProtocolOptions.Default with { KeepaliveInterval = TimeSpan.Zero });

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, clock.ActiveTimers);
        Assert.Empty(_connection.WrittenBytes);
    }
}
