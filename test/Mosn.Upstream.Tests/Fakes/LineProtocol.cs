using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>
/// A tiny ping-pong protocol for real sockets: a request is the line "REQ\n", a response any line. The client side
/// reports the stream complete to the pool, then hands empty response headers to the receiver.
/// </summary>
public sealed class LineProtocol : IProtocol
{
    public string Name => "Line";
    public bool IsMultiplexed => false;
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => MatchResult.Failed;

    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
        => throw new NotSupportedException();

    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
        => new Client(connection, callbacks);

    private sealed class Client(IConnection connection, IClientStreamConnectionCallbacks callbacks) : IClientStreamConnection
    {
        private IStreamReceiver? _receiver;

        public string Protocol => "Line";
        public int ActiveStreamCount => _receiver is null ? 0 : 1;
        public bool CanStartStream => connection.State == ConnectionState.Active;

        public IStreamSender NewStream(IStreamReceiver responseReceiver)
        {
            _receiver = responseReceiver;
            return new Sender(connection);
        }

        public void Dispatch(ReadBuffer buffer)
        {
            var newline = buffer.Data.PositionOf((byte)'\n');
            if (newline is null || _receiver is not { } receiver)
            {
                return;
            }

            buffer.Consume(buffer.Data.GetPosition(1, newline.Value));
            _receiver = null;
            callbacks.OnStreamComplete();
            receiver.OnHeaders(new HeaderMap(), endStream: true);
        }

        public void GoAway()
        {
        }
    }

    private sealed class Sender(IConnection connection) : IStreamSender, IStream
    {
        public IStream Stream => this;
        public ulong Id => 1;
        public void SendHeaders(IHeaderMap headers, bool endStream) => connection.Write("REQ\n"u8);
        public void SendData(in ReadOnlySequence<byte> data, bool endStream) { }
        public void SendTrailers(IHeaderMap trailers) { }
        public void AddEventListener(IStreamEventListener listener) { }
        public void RemoveEventListener(IStreamEventListener listener) { }
        public void ResetStream(StreamResetReason reason) => connection.Close(ConnectionCloseType.NoFlush);
        public void ReadDisable(bool disable) { }
    }
}
