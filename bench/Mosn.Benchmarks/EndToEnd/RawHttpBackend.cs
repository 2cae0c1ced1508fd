using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// A minimal HTTP/1.1 keep-alive backend on raw sockets: answers every request head (GET, no body) with one fixed
/// response. One blocking thread per connection, fixed buffers: it allocates nothing per request, so process-wide
/// allocation deltas measure the proxy alone.
/// </summary>
public sealed class RawHttpBackend : IDisposable
{
    /// <summary>The body every response carries.</summary>
    public const string Body = "hello";

    private static readonly byte[] s_response = Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: raw\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");

    private readonly Socket _listener;
    private readonly List<Socket> _connections = [];
    private volatile bool _stopped;

    public RawHttpBackend()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Address = (IPEndPoint)_listener.LocalEndPoint!;
        new Thread(AcceptLoop) { IsBackground = true, Name = "backend-accept" }.Start();
    }

    /// <summary>The bound address.</summary>
    public IPEndPoint Address { get; }

    /// <summary>Bytes allocated by the backend's connection threads (should stay flat after start-up).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    private long _allocated;

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var c in _connections)
            {
                c.Dispose();
            }
        }
    }

    private void AcceptLoop()
    {
        while (!_stopped)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(socket);
            }

            new Thread(() => Serve(socket)) { IsBackground = true, Name = "backend-conn" }.Start();
        }
    }

    private void Serve(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var matched = 0; // how much of "\r\n\r\n" the previous bytes ended with
        var start = GC.GetAllocatedBytesForCurrentThread();
        var reported = 0L;
        try
        {
            while (!_stopped)
            {
                var n = socket.Receive(buffer);
                if (n == 0)
                {
                    return;
                }

                var heads = 0;
                for (var i = 0; i < n; i++)
                {
                    var b = buffer[i];
                    matched = b == (byte)'\r' ? (matched is 0 or 2 ? matched + 1 : 1)
                        : b == (byte)'\n' && matched is 1 or 3 ? matched + 1
                        : 0;
                    if (matched == 4)
                    {
                        heads++;
                        matched = 0;
                    }
                }

                for (var i = 0; i < heads; i++)
                {
                    socket.Send(s_response);
                }

                var now = GC.GetAllocatedBytesForCurrentThread() - start;
                Interlocked.Add(ref _allocated, now - reported);
                reported = now;
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
