using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// A keep-alive HTTP/1.1 client on a raw blocking socket: writes one fixed GET and reads its response (head up to the
/// empty line, then Content-Length bytes). Fixed buffers, no allocation per request.
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    private static readonly byte[] s_template = Encoding.ASCII.GetBytes(
        "GET /api/v1/items?page=2 HTTP/1.1\r\n" +
        "Host: api.example.com\r\n" +
        "User-Agent: bench/1.0\r\n" +
        "Accept: application/json\r\n" +
        "Accept-Encoding: gzip, deflate\r\n" +
        "X-Request-Id: 0b6f3c1e-8e4a-4c3b-9d2f-5a1e7c9b2d4f\r\n\r\n");

    private static readonly byte[] s_contentLength = "\r\ncontent-length:"u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly byte[] _request = (byte[])s_template.Clone();
    private readonly int _idEnd = Array.LastIndexOf(s_template, (byte)'f') + 1; // the end of the X-Request-Id value
    private ulong _sequence;

    public RawHttpClient(IPEndPoint proxy)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(proxy);
    }

    /// <summary>Sends the request and reads the response; returns its status code (0 if the connection broke).</summary>
    /// <remarks>
    /// Every request carries a new X-Request-Id (its last 12 hex digits count requests), as real traffic does: a
    /// constant id would let the proxy reuse the previous request's value string and flatter the numbers.
    /// </remarks>
    public int RoundTrip()
    {
        var id = ++_sequence;
        for (var i = 1; i <= 12; i++, id >>= 4)
        {
            _request[_idEnd - i] = (byte)"0123456789abcdef"[(int)(id & 0xF)];
        }

        _socket.Send(_request);
        var filled = 0;
        var headEnd = -1;
        var total = -1;
        while (total < 0 || filled < total)
        {
            var n = _socket.Receive(_buffer.AsSpan(filled));
            if (n == 0)
            {
                return 0;
            }

            filled += n;
            if (headEnd < 0)
            {
                headEnd = _buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (headEnd >= 0)
                {
                    total = headEnd + 4 + ContentLength(_buffer.AsSpan(0, headEnd + 2));
                }
            }
        }

        // Status code: "HTTP/1.1 200".
        return ((_buffer[9] - '0') * 100) + ((_buffer[10] - '0') * 10) + (_buffer[11] - '0');
    }

    public void Dispose() => _socket.Dispose();

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        for (var i = 0; i + s_contentLength.Length <= head.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(head.Slice(i, s_contentLength.Length), s_contentLength))
            {
                var value = head[(i + s_contentLength.Length)..];
                var length = 0;
                foreach (var b in value)
                {
                    if (b is >= (byte)'0' and <= (byte)'9')
                    {
                        length = (length * 10) + (b - '0');
                    }
                    else if (b != ' ')
                    {
                        break;
                    }
                }

                return length;
            }
        }

        return 0;
    }
}
