using System.Buffers;
using Mosn.Network;

namespace Mosn.Network.Tests;

public sealed class SendBufferTests
{
    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i + seed) % 251);
        }

        return bytes;
    }

    private static byte[] Flatten(IList<ArraySegment<byte>> segments) => segments.SelectMany(s => s.ToArray()).ToArray();

    [Fact]
    public void Write_FitsOneChunk_SingleSpanHoldsTheBytes()
    {
        var buffer = new SendBuffer();
        var data = Pattern(1000, 1);
        buffer.Write(data);
        Assert.True(buffer.IsSingleChunk);
        Assert.Equal(1000, buffer.Length);
        Assert.Equal(data, buffer.GetSendSpan().ToArray());
        buffer.Release();
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Write_LargerThanAChunk_SegmentsKeepOrderAndConsumeWalksThem()
    {
        var buffer = new SendBuffer();
        var first = Pattern(SendBuffer.ChunkSize - 10, 3);
        var second = Pattern(100, 7); // does not fit in what is left of the first chunk: a new one
        buffer.Write(first);
        buffer.Write(second);
        Assert.False(buffer.IsSingleChunk);
        Assert.Equal(first.Concat(second).ToArray(), Flatten(buffer.GetSendSegments()));

        // A partial send: the rest, in order, stays.
        buffer.Consume(first.Length - 5);
        Assert.Equal(first[^5..].Concat(second).ToArray(), Flatten(buffer.GetSendSegments()));
        buffer.Consume(5 + 40);
        Assert.True(buffer.IsSingleChunk);
        Assert.Equal(second[40..], buffer.GetSendSpan().ToArray());
        buffer.Consume(60);
        Assert.Equal(0, buffer.Length);
        Assert.Empty(buffer.GetSendSegments());
        buffer.Release();
    }

    [Fact]
    public void Write_AfterEverythingWasSent_ReusesTheChunkFromItsStart()
    {
        var buffer = new SendBuffer();
        buffer.Write(Pattern(SendBuffer.ChunkSize - 1, 0));
        buffer.Consume(SendBuffer.ChunkSize - 1);
        var next = Pattern(200, 9);
        buffer.Write(next);
        Assert.True(buffer.IsSingleChunk);
        Assert.Equal(next, buffer.GetSendSpan().ToArray());
        buffer.Release();
    }

    [Fact]
    public void Write_WhileEarlierBytesAreInFlight_DoesNotTouchThem()
    {
        var buffer = new SendBuffer();
        var inFlight = Pattern(500, 2);
        buffer.Write(inFlight);
        var handedOut = buffer.GetSendSpan(); // what an asynchronous send would be sending
        buffer.Write(Pattern(SendBuffer.ChunkSize, 5)); // appends: past the handed-out bytes, partly into a new chunk
        Assert.Equal(inFlight, handedOut.ToArray());
        buffer.Consume(500);
        Assert.Equal(SendBuffer.ChunkSize, buffer.Length);
        buffer.Release();
    }

    [Fact]
    public void Consume_MoreThanBuffered_Throws()
    {
        var buffer = new SendBuffer();
        buffer.Write(Pattern(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Consume(11));
        buffer.Release();
    }

    [Fact]
    public void Advance_PastTheReservedSpace_Throws()
    {
        var buffer = new SendBuffer();
        var reserved = buffer.GetSpan(10).Length;
        Assert.Throws<InvalidOperationException>(() => buffer.Advance(reserved + 1));
        buffer.Release();
    }
}
