using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests.TestSupport;

/// <summary>Drives an HTTP/1 client stream connection over a <see cref="FakeConnection"/> and records pool callbacks.</summary>
internal sealed class ClientHarness : IClientStreamConnectionCallbacks
{
    private byte[] _pending = [];

    public ClientHarness(ProtocolOptions? options = null)
    {
        Codec = new Http1Protocol().CreateClientStreamConnection(Connection, this, options ?? ProtocolOptions.Default);
    }

    public FakeConnection Connection { get; } = new();

    public IClientStreamConnection Codec { get; }

    public int GoAways { get; private set; }

    public int Completions { get; private set; }

    public int PendingBytes => _pending.Length;

    public void OnGoAway() => GoAways++;

    public void OnStreamComplete() => Completions++;

    /// <summary>Starts a stream and returns its sender, receiver and listener.</summary>
    public (IStreamSender Sender, RecordingReceiver Receiver, RecordingListener Listener) Start()
    {
        var receiver = new RecordingReceiver();
        var sender = Codec.NewStream(receiver);
        var listener = new RecordingListener();
        sender.Stream.AddEventListener(listener);
        return (sender, receiver, listener);
    }

    /// <summary>Starts a stream and sends a bodiless request.</summary>
    public (IStreamSender Sender, RecordingReceiver Receiver, RecordingListener Listener) Get(string method = "GET", string path = "/")
    {
        var stream = Start();
        stream.Sender.SendHeaders(Request(method, path), endStream: true);
        return stream;
    }

    public static HeaderMap Request(string method, string path, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap { { PseudoHeaders.Method, method }, { PseudoHeaders.Path, path }, { PseudoHeaders.Authority, "upstream:8080" }, { PseudoHeaders.Scheme, "http" } };
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        return map;
    }

    public void Feed(string text, int segmentSize = 0, bool endOfStream = false)
    {
        _pending = [.. _pending, .. Encoding.Latin1.GetBytes(text)];
        Dispatch(segmentSize, endOfStream);
    }

    public void Dispatch(int segmentSize = 0, bool endOfStream = false)
    {
        do
        {
            Connection.RedeliveryRequested = false;
            if (!Connection.ReadEnabled || Connection.State == ConnectionState.Closed)
            {
                return;
            }

            var buffer = new ReadBuffer();
            buffer.Reset(Segments.Create(_pending, segmentSize), endOfStream);
            Codec.Dispatch(buffer);
            _pending = _pending[(int)(_pending.Length - buffer.Length)..];
        }
        while (Connection.RedeliveryRequested);
    }
}
