using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// Drives an <see cref="Http2ClientConnection"/> over a <see cref="FakeConnection"/>, plays the server with
/// <see cref="Peer"/>, and decodes what the client wrote with <see cref="TakeFrames"/>. Records the pool callbacks.
/// </summary>
internal sealed class ClientHarness : IClientStreamConnectionCallbacks
{
    private byte[] _pending = [];

    public ClientHarness(ProtocolOptions? options = null)
    {
        Codec = new Http2ClientConnection(Connection, this, options ?? ProtocolOptions.Default, NullLogger.Instance);
    }

    public FakeConnection Connection { get; } = new();

    public Http2ClientConnection Codec { get; }

    public PeerWriter Peer { get; } = new();

    public WireReader Wire { get; } = new(readsServer: false);

    public int GoAwayCalls { get; private set; }

    public int StreamCompleteCalls { get; private set; }

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

    public void OnGoAway() => GoAwayCalls++;

    public void OnStreamComplete() => StreamCompleteCalls++;

    /// <summary>Reads the client's opening frames, then sends the server's SETTINGS and ACK; returns the client's frames.</summary>
    public List<ReceivedFrame> Handshake(params Http2Setting[] settings)
    {
        var opening = TakeFrames();
        Feed(PeerWriter.Settings(settings), PeerWriter.SettingsAck());
        opening.AddRange(TakeFrames());
        return opening;
    }

    /// <summary>A new stream (no HEADERS sent yet).</summary>
    public ClientStreamRecord NewStream()
    {
        var receiver = new RecordingReceiver();
        var sender = Codec.NewStream(receiver);
        var listener = new RecordingListener();
        sender.Stream.AddEventListener(listener);
        return new ClientStreamRecord(sender, receiver, listener, Settle);
    }

    /// <summary>A new stream whose GET request headers are sent.</summary>
    public ClientStreamRecord Send(bool endStream = true, string method = "GET", string path = "/")
    {
        var record = NewStream();
        record.Sender.SendHeaders(Request(method, path), endStream);
        return record;
    }

    public static HeaderMap Request(string method = "GET", string path = "/", params (string Name, string Value)[] extra)
    {
        var map = new HeaderMap
        {
            { PseudoHeaders.Method, method },
            { PseudoHeaders.Scheme, "http" },
            { PseudoHeaders.Authority, "backend" },
            { PseudoHeaders.Path, path },
        };
        foreach (var (name, value) in extra)
        {
            map.Add(name, value);
        }

        return map;
    }

    public static HeaderMap Headers(params (string Name, string Value)[] fields)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in fields)
        {
            map.Add(name, value);
        }

        return map;
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public void Feed(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            _pending = [.. _pending, .. chunk];
        }

        if (IsClosed)
        {
            _pending = [];
            return;
        }

        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(_pending), endOfStream: false);
        Codec.Dispatch(buffer);
        Settle();
        _pending = _pending[(int)(_pending.Length - buffer.Length)..];
    }

    /// <summary>The frames the client wrote since the last call.</summary>
    public List<ReceivedFrame> TakeFrames()
    {
        Settle();
        return Wire.Read(Connection.WrittenBytes);
    }

    public ReceivedFrame ExpectGoAway(Http2ErrorCode code)
    {
        var goAway = Assert.Single(TakeFrames(), f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(code, goAway.ErrorCode);
        Assert.True(IsClosed, "the connection should be closed after a connection error");
        return goAway;
    }
}
