using System.Net.Sockets;
using Mosn.Protocols.XProtocol;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>
/// The read-decode-answer loop of the tests' own RPC upstreams: reads a connection, decodes every whole frame with the
/// protocol's codec, lets <c>answer</c> write its replies (if any) into one buffer and sends that buffer after each
/// read. Returns when the peer closes the connection or it is torn down.
/// </summary>
public static class XFrameServer
{
    /// <summary>Serves <paramref name="stream"/> until it closes.</summary>
    public static async Task ServeAsync(NetworkStream stream, IXProtocolCodec codec, Action<XFrame, ArrayBufferWriter<byte>> answer)
    {
        var buffer = new byte[1 << 20];
        var filled = 0;
        var output = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = 0;
                output.Clear();
                while (codec.Decode(new ReadOnlySequence<byte>(buffer, consumed, filled - consumed), XProtocolOptions.Default, out var frame) == XDecodeStatus.Frame)
                {
                    consumed += (int)frame.Length;
                    answer(frame, output);
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (output.WrittenCount > 0)
                {
                    await stream.WriteAsync(output.WrittenMemory);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The proxy or the test closed the connection.
        }
    }
}
