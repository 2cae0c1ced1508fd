using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// Drives an <see cref="Http2ServerConnection"/> over a <see cref="FakeConnection"/> as the network layer does (unconsumed
/// bytes are presented again with new ones), plays the client with <see cref="Peer"/>, and decodes what the server wrote
/// with <see cref="TakeFrames"/>.
/// </summary>
internal sealed class ServerHarness : IServerStreamConnectionCallbacks
{
    private byte[] _pending = [];

    public ServerHarness(ProtocolOptions? options = null)
    {
        Options = options ?? ProtocolOptions.Default;
        Codec = new Http2ServerConnection(Connection, this, Options, NullLogger.Instance);
    }

    public ProtocolOptions Options { get; }

    public FakeConnection Connection { get; } = new();

    public Http2ServerConnection Codec { get; }

    public PeerWriter Peer { get; } = new();

    public WireReader Wire { get; } = new(readsServer: true);

    public List<ServerStreamRecord> Streams { get; } = [];

    public int GoAwayCalls { get; private set; }

    /// <summary>Answer each request with 200 and body "ok" as soon as it is complete.</summary>
    public bool AutoRespond { get; set; }

    /// <summary>Runs inside <see cref="OnNewStream"/> with the new record.</summary>
    public Action<ServerStreamRecord>? OnStream { get; set; }

    public ServerStreamRecord Last => Streams[^1];

    public bool IsClosed
    {
        get
        {
            Settle();
            return Connection.State == ConnectionState.Closed;
        }
    }

    /// <summary>Waits for the callbacks the connection queued for the thread pool (see <see cref="DeferredWork"/>).</summary>
    public void Settle() => DeferredWork.Settle(Codec);

    public IStreamReceiver OnNewStream(IStreamSender responseSender)
    {
        var listener = new RecordingListener();
        var record = new ServerStreamRecord(responseSender, new RecordingReceiver(responseSender), listener, Settle);
        responseSender.Stream.AddEventListener(listener);
        if (AutoRespond)
        {
            record.Receiver.OnEndHook = r => Respond(r.Sender!, 200, "ok");
        }

        Streams.Add(record);
        OnStream?.Invoke(record);
        return record.Receiver;
    }

    public void OnGoAway() => GoAwayCalls++;

    /// <summary>Sends the preface and SETTINGS, and returns what the server wrote (its SETTINGS, WINDOW_UPDATE, SETTINGS ACK).</summary>
    public List<ReceivedFrame> Handshake(params Http2Setting[] settings)
    {
        Feed([.. PeerWriter.Preface(), .. PeerWriter.Settings(settings)]);
        return TakeFrames();
    }

    /// <summary>Handshake, then HEADERS of a GET on <paramref name="streamId"/>; returns its record.</summary>
    public ServerStreamRecord Open(uint streamId, bool endStream, string method = "GET", params (string Name, string Value)[] extra)
    {
        var before = Streams.Count;
        Feed(Peer.Request(streamId, endStream, method, "/", extra));
        Assert.Equal(before + 1, Streams.Count);
        return Last;
    }

    public void Feed(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            _pending = [.. _pending, .. chunk];
        }

        Dispatch();
    }

    /// <summary>Presents the pending bytes.</summary>
    public void Dispatch(bool endOfStream = false)
    {
        if (IsClosed)
        {
            _pending = [];
            return;
        }

        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(_pending), endOfStream);
        Codec.Dispatch(buffer);
        Settle();
        _pending = _pending[(int)(_pending.Length - buffer.Length)..];
    }

    /// <summary>The frames the server wrote since the last call.</summary>
    public List<ReceivedFrame> TakeFrames()
    {
        Settle();
        return Wire.Read(Connection.WrittenBytes);
    }

    /// <summary>The only GOAWAY among the new frames (fails when there is none).</summary>
    public ReceivedFrame ExpectGoAway(Http2ErrorCode code)
    {
        var frames = TakeFrames();
        var goAway = Assert.Single(frames, f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(code, goAway.ErrorCode);
        Assert.True(IsClosed, "the connection should be closed after a connection error");
        return goAway;
    }

    /// <summary>The only RST_STREAM among the new frames; the connection stays open.</summary>
    public ReceivedFrame ExpectRst(uint streamId, Http2ErrorCode code)
    {
        var frames = TakeFrames();
        Assert.DoesNotContain(frames, f => f.Type == Http2FrameType.GoAway);
        var rst = Assert.Single(frames, f => f.Type == Http2FrameType.RstStream);
        Assert.Equal(streamId, rst.StreamId);
        Assert.Equal(code, rst.ErrorCode);
        Assert.False(IsClosed, "a stream error must not close the connection");
        return rst;
    }

    /// <summary>Checks the connection still serves: a new request on <paramref name="streamId"/> gets a 200 response.</summary>
    public void AssertServes(uint streamId)
    {
        Assert.False(IsClosed);
        var autoRespond = AutoRespond;
        AutoRespond = true;
        Feed(Peer.Request(streamId, endStream: true));
        AutoRespond = autoRespond;
        var frames = TakeFrames();
        var headers = Assert.Single(frames, f => f.Type == Http2FrameType.Headers && f.StreamId == streamId);
        Assert.Equal("200", headers.Header(":status"));
        Assert.Contains(frames, f => f.Type == Http2FrameType.Data && f.StreamId == streamId && f.EndStream);
    }

    public static void Respond(IStreamSender sender, int status, string body, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap { { PseudoHeaders.Status, status.ToString(CultureInfo.InvariantCulture) } };
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        if (body.Length == 0)
        {
            sender.SendHeaders(map, endStream: true);
            return;
        }

        map.Add("content-length", body.Length.ToString(CultureInfo.InvariantCulture));
        sender.SendHeaders(map, endStream: false);
        sender.SendData(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)), endStream: true);
    }

    public static HeaderMap Status(int status, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap { { PseudoHeaders.Status, status.ToString(CultureInfo.InvariantCulture) } };
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        return map;
    }
}
