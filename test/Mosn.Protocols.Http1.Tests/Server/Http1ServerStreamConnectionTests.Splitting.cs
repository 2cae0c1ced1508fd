using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Protocols.Http1.Tests.TestSupport;

namespace Mosn.Protocols.Http1.Tests.Server;

/// <summary>Fuzz-like tests: the same bytes cut in every possible way must decode identically, and garbage never throws.</summary>
public partial class Http1ServerStreamConnectionTests
{
    private const string PipelinedStream =
        "GET /first?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
        + "POST /second HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nhello, world!"
        + "PUT /third HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
        + "5;ext=\"v\"\r\nchunk\r\n1\r\n-\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        + "HEAD /fourth HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

    /// <summary>Feeds <paramref name="raw"/> in the given pieces (each piece also split into segments) and describes the outcome.</summary>
    private static string Run(string raw, IEnumerable<int> pieces, int segmentSize)
    {
        var h = new ServerHarness { AutoRespond = true };
        var bytes = Encoding.Latin1.GetBytes(raw);
        var offset = 0;
        foreach (var piece in pieces)
        {
            var length = Math.Min(piece, bytes.Length - offset);
            if (length <= 0)
            {
                break;
            }

            h.Feed(bytes.AsSpan(offset, length).ToArray(), segmentSize);
            offset += length;
        }

        if (offset < bytes.Length)
        {
            h.Feed(bytes.AsSpan(offset).ToArray(), segmentSize);
        }

        var text = new StringBuilder();
        foreach (var request in h.Requests)
        {
            text.Append(request.Describe()).Append('\n');
        }

        text.Append("written=").Append(h.Connection.WrittenText).Append("\nclosed=").Append(h.Connection.ClosedWith).Append("\npending=").Append(h.PendingBytes);
        return text.ToString();
    }

    [Fact]
    public void Dispatch_PipelinedStreamWhole_AllRequestsDecoded()
    {
        var outcome = Run(PipelinedStream, [int.MaxValue], 0);

        Assert.Contains("|body=hello, world!|ended=True", outcome, StringComparison.Ordinal);
        Assert.Contains("|body=chunk-0123456789|ended=True|t:x-trailer=t", outcome, StringComparison.Ordinal);
        Assert.Contains(":method=HEAD;:path=/fourth;", outcome, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 100 Continue\r\n\r\n", outcome, StringComparison.Ordinal);
        Assert.Contains("pending=0", outcome, StringComparison.Ordinal);
        Assert.Equal(4, outcome.Split('\n').Count(l => l.StartsWith(":method=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Dispatch_PipelinedStreamOneByteAtATime_SameAsWhole()
    {
        var whole = Run(PipelinedStream, [int.MaxValue], 0);

        Assert.Equal(whole, Run(PipelinedStream, Enumerable.Repeat(1, PipelinedStream.Length), 0));
    }

    [Fact]
    public void Dispatch_PipelinedStreamSplitAtEveryBoundary_SameAsWhole()
    {
        var whole = Run(PipelinedStream, [int.MaxValue], 0);

        for (var cut = 1; cut < PipelinedStream.Length; cut++)
        {
            Assert.Equal(whole, Run(PipelinedStream, [cut], 0));
        }
    }

    [Fact]
    public void Dispatch_PipelinedStreamRandomPiecesAndSegments_SameAsWhole()
    {
        var whole = Run(PipelinedStream, [int.MaxValue], 0);
        var random = new Random(20240601);

        for (var round = 0; round < 300; round++)
        {
            var pieces = Enumerable.Range(0, 200).Select(_ => random.Next(1, 40)).ToArray();
            var segmentSize = random.Next(1, 12);
            Assert.Equal(whole, Run(PipelinedStream, pieces, segmentSize));
        }
    }

    [Fact]
    public void Dispatch_RandomGarbage_NeverThrows()
    {
        var random = new Random(7);
        var alphabet = Encoding.Latin1.GetBytes("GET POST / HTTP/1.1\r\n:;, \t0123456789abcdefABCDEF-chunked\0\x7f\xff\n\r");
        for (var round = 0; round < 3000; round++)
        {
            var bytes = new byte[random.Next(1, 300)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            var h = new ServerHarness { AutoRespond = true };
            h.Feed(bytes, segmentSize: random.Next(0, 8));
            h.Feed([], endOfStream: true);
        }
    }

    [Fact]
    public void Dispatch_MutatedValidStream_NeverThrowsAndEitherDecodesOrRejects()
    {
        var random = new Random(11);
        var original = Encoding.Latin1.GetBytes(PipelinedStream);
        for (var round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var h = new ServerHarness { AutoRespond = true };
            h.Feed(bytes, segmentSize: random.Next(0, 16));

            // Whatever happened, the connection is either still usable with nothing left over, or closed after an answer.
            Assert.True(h.Connection.State == ConnectionState.Closed || h.PendingBytes < bytes.Length);
        }
    }
}
