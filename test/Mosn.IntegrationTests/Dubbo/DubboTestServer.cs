using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Protocols.Dubbo;
using Mosn.Protocols.XProtocol;

namespace Mosn.IntegrationTests.Dubbo;

/// <summary>
/// A Dubbo server over loopback for proxy tests: answers each two-way request with an OK response whose Hessian2 body
/// is RESPONSE_VALUE then the string <c>"&lt;name&gt;:&lt;method&gt;"</c> (at most 31 characters: a compact string); never answers the method
/// <c>hang</c>; answers heartbeats. Frames are read with <see cref="DubboCodec"/> and written by hand.
/// </summary>
public sealed class DubboTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _name;
    private readonly Task _acceptLoop;
    private readonly List<TcpClient> _peers = [];
    private int _connections;

    public DubboTestServer(string name)
    {
        _name = name;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>host:port for a cluster config.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient peer;
            try
            {
                peer = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_peers)
            {
                _peers.Add(peer);
            }

            _ = ServeAsync(peer.GetStream());
        }
    }

    private Task ServeAsync(NetworkStream stream) =>
        XFrameServer.ServeAsync(stream, DubboCodec.Instance, (frame, output) =>
        {
            if (Answer(frame) is { } answer)
            {
                output.Write(answer);
            }
        });

    private byte[]? Answer(in XFrame frame)
    {
        switch (frame.Kind)
        {
            case XFrameKind.Heartbeat:
                return Frame(0x22, 20, frame.RequestId, [(byte)'N']);
            case XFrameKind.Request when frame.Headers.Get("method") != "hang":
                var text = Encoding.UTF8.GetBytes($"{_name}:{frame.Headers.Get("method")}"[..Math.Min(31, _name.Length + 1 + (frame.Headers.Get("method")?.Length ?? 0))]);
                return Frame(0x02, 20, frame.RequestId, [0x91, (byte)text.Length, .. text]);
            default:
                return null;
        }
    }

    /// <summary>A Dubbo frame: magic, flag, status, id, length, body.</summary>
    public static byte[] Frame(byte flag, byte status, ulong id, byte[] body)
    {
        var frame = new byte[16 + body.Length];
        frame[0] = 0xda;
        frame[1] = 0xbb;
        frame[2] = flag;
        frame[3] = status;
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(4), id);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(12), body.Length);
        body.CopyTo(frame, 16);
        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _acceptLoop;
        lock (_peers)
        {
            _peers.ForEach(peer => peer.Dispose());
        }
    }
}
