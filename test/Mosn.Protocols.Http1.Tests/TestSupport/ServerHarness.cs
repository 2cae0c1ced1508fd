using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Protocols.Http1.Tests.TestSupport;

/// <summary>
/// Drives an HTTP/1 server stream connection over a <see cref="FakeConnection"/> the way the network layer does: keeps
/// unconsumed bytes and presents them again with new ones, and re-delivers when reading is re-enabled.
/// </summary>
internal sealed class ServerHarness : IServerStreamConnectionCallbacks
{
    private byte[] _pending = [];

    public ServerHarness(ProtocolOptions? options = null)
    {
        Codec = new Http1Protocol().CreateServerStreamConnection(Connection, this, options ?? ProtocolOptions.Default);
    }

    public FakeConnection Connection { get; } = new();

    public IServerStreamConnection Codec { get; }

    public List<RecordingReceiver> Requests { get; } = [];

    public List<RecordingListener> Listeners { get; } = [];

    /// <summary>Answer each request with 200 and body "ok" as soon as it is complete.</summary>
    public bool AutoRespond { get; set; }

    public Action<RecordingReceiver>? OnRequestHeaders { get; set; }

    /// <summary>False: receivers and listeners are not kept (<see cref="Streams"/> still tracks the streams, weakly).</summary>
    public bool KeepRecords { get; set; } = true;

    /// <summary>Every stream the codec opened, held weakly (to show what the codec itself keeps alive).</summary>
    public List<WeakReference<IStream>> Streams { get; } = [];

    public int PendingBytes => _pending.Length;

    public RecordingReceiver Last => Requests[^1];

    public IStreamReceiver OnNewStream(IStreamSender responseSender)
    {
        var receiver = new RecordingReceiver(responseSender) { OnHeadersHook = r => OnRequestHeaders?.Invoke(r) };
        var listener = new RecordingListener();
        responseSender.Stream.AddEventListener(listener);
        Streams.Add(new WeakReference<IStream>(responseSender.Stream));
        if (AutoRespond)
        {
            receiver.OnEndHook = r => Respond(r.Sender!, 200, "ok");
        }

        if (KeepRecords)
        {
            Listeners.Add(listener);
            Requests.Add(receiver);
        }

        return receiver;
    }

    public static void Respond(IStreamSender sender, int status, string body, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap { { PseudoHeaders.Status, status.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        if (body.Length == 0)
        {
            sender.SendHeaders(map, endStream: true);
            return;
        }

        map.Add("content-length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        sender.SendHeaders(map, endStream: false);
        sender.SendData(new(Encoding.Latin1.GetBytes(body)), endStream: true);
    }

    public void Feed(string text, int segmentSize = 0, bool endOfStream = false) => Feed(Encoding.Latin1.GetBytes(text), segmentSize, endOfStream);

    public void Feed(byte[] bytes, int segmentSize = 0, bool endOfStream = false)
    {
        _pending = [.. _pending, .. bytes];
        Dispatch(segmentSize, endOfStream);
    }

    /// <summary>Presents the pending bytes, then again as long as the connection asks for re-delivery.</summary>
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
