using System.Net;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>
/// A request body copied from a stream in 64 KiB writes, which lets HttpClient hand back the response while the body
/// is still being sent (HTTP/2 duplex). HttpClient's own buffered contents (ByteArrayContent, StreamContent) make
/// SendAsync wait until the whole request body is sent, which deadlocks an echo of a body larger than the flow-control
/// windows between client and server.
/// </summary>
public sealed class DuplexContent(Stream source, bool declareLength) : HttpContent
{
    /// <summary>A body of <paramref name="bytes"/>, with or without a content-length.</summary>
    public DuplexContent(byte[] bytes, bool declareLength = true)
        : this(new MemoryStream(bytes, writable: false), declareLength)
    {
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declareLength && source.CanSeek ? source.Length : 0;
        return declareLength && source.CanSeek;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
