using Mosn.Protocols.Http2.Frames;
using static Mosn.Protocols.Http2.Tests.Frames.FrameBytes;
using F = Mosn.Protocols.Http2.Frames.Http2FrameFlags;
using T = Mosn.Protocols.Http2.Frames.Http2FrameType;

namespace Mosn.Protocols.Http2.Tests.Frames;

public class HeaderBlockAssemblerTests
{
    /// <summary>Parses one raw frame with a client-side reader (so PUSH_PROMISE is accepted); the bytes are copied.</summary>
    private static Http2Frame Parse(byte[] bytes)
    {
        var reader = new Http2FrameReader(isServer: false);
        if (bytes[3] == (byte)T.Continuation)
        {
            // The reader only accepts CONTINUATION inside an open block: open one on the same stream first.
            var open = Frame(T.Headers, F.None, (uint)((bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]), 0);
            Assert.Equal(Http2FrameStatus.Frame, reader.TryRead(new ReadOnlySequence<byte>(open), out _, out _, out _));
        }

        var status = reader.TryRead(new ReadOnlySequence<byte>(bytes.ToArray()), out _, out var frame, out _);
        Assert.Equal(Http2FrameStatus.Frame, status);
        return frame;
    }

    private static Http2Frame Headers(uint streamId, F flags, params byte[] fragment) => Parse(Frame(T.Headers, flags, streamId, fragment));

    private static Http2Frame Continuation(uint streamId, F flags, params byte[] fragment) => Parse(Frame(T.Continuation, flags, streamId, fragment));

    [Fact]
    public void Begin_HeadersWithEndHeaders_CompleteWithoutCopy()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);
        var frame = Headers(1, F.EndHeaders | F.EndStream, 0x82, 0x86);

        var status = assembler.Begin(frame);

        Assert.Equal(HeaderBlockStatus.Complete, status);
        Assert.False(assembler.IsInProgress);
        Assert.Equal(frame.Content, assembler.Block);
        Assert.True(assembler.EndStream);
        Assert.Equal(1u, assembler.StreamId);
        Assert.Equal(T.Headers, assembler.FrameType);
    }

    [Fact]
    public void Append_Continuations_ReassembledBlockOutlivesTheFrames()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);
        var first = Frame(T.Headers, F.Priority, 3, [.. PriorityFields(1, true, 9), 1, 2]);
        var firstFrame = Parse(first);

        Assert.Equal(HeaderBlockStatus.Incomplete, assembler.Begin(firstFrame));
        Assert.True(assembler.IsInProgress);
        Assert.Equal(HeaderBlockStatus.Incomplete, assembler.Append(Continuation(3, F.None)));
        Assert.Equal(HeaderBlockStatus.Complete, assembler.Append(Continuation(3, F.EndHeaders, 3, 4, 5)));

        Assert.Equal([1, 2, 3, 4, 5], assembler.Block.ToArray());
        Assert.True(assembler.HasPriority);
        Assert.Equal(new Http2Priority(1, true, 10), assembler.Priority);
        Assert.False(assembler.EndStream);
        Assert.Equal(2, assembler.ContinuationCount);
        Assert.False(assembler.IsInProgress);
    }

    [Fact]
    public void Begin_PushPromise_PromisedStreamKept()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);

        var status = assembler.Begin(Parse(Frame(T.PushPromise, F.EndHeaders, 1, [.. UInt32(4), 0x82])));

        Assert.Equal(HeaderBlockStatus.Complete, status);
        Assert.Equal(T.PushPromise, assembler.FrameType);
        Assert.Equal(4u, assembler.PromisedStreamId);
        Assert.Equal([0x82], assembler.Block.ToArray());
    }

    [Fact]
    public void Begin_FirstFragmentOverLimit_TooLarge()
    {
        using var assembler = new HeaderBlockAssembler(4, 4);

        Assert.Equal(HeaderBlockStatus.TooLarge, assembler.Begin(Headers(1, F.EndHeaders, 1, 2, 3, 4, 5)));
        Assert.False(assembler.IsInProgress);
    }

    [Fact]
    public void Append_TotalOverLimit_TooLargeAndClosed()
    {
        using var assembler = new HeaderBlockAssembler(6, 10);
        assembler.Begin(Headers(1, F.None, 1, 2, 3));
        Assert.Equal(HeaderBlockStatus.Incomplete, assembler.Append(Continuation(1, F.None, 4, 5, 6)));

        var status = assembler.Append(Continuation(1, F.EndHeaders, 7));

        Assert.Equal(HeaderBlockStatus.TooLarge, status);
        Assert.False(assembler.IsInProgress);
        Assert.True(assembler.Block.IsEmpty);
    }

    [Fact]
    public void Append_TotalExactlyAtLimit_Complete()
    {
        using var assembler = new HeaderBlockAssembler(6, 10);
        assembler.Begin(Headers(1, F.None, 1, 2, 3));

        Assert.Equal(HeaderBlockStatus.Complete, assembler.Append(Continuation(1, F.EndHeaders, 4, 5, 6)));
        Assert.Equal(6, assembler.Block.Length);
    }

    [Fact]
    public void Append_EmptyContinuationFlood_TooManyContinuationsAtTheLimitPlusOne()
    {
        using var assembler = new HeaderBlockAssembler(1000, 3);
        assembler.Begin(Headers(1, F.None, 1));
        var empty = Continuation(1, F.None);

        var statuses = Enumerable.Range(0, 4).Select(_ => assembler.Append(empty)).ToList();

        Assert.Equal(
            [HeaderBlockStatus.Incomplete, HeaderBlockStatus.Incomplete, HeaderBlockStatus.Incomplete, HeaderBlockStatus.TooManyContinuations],
            statuses);
        Assert.False(assembler.IsInProgress);
    }

    [Fact]
    public void Append_LastAllowedContinuationEndsBlock_Complete()
    {
        using var assembler = new HeaderBlockAssembler(1000, 2);
        assembler.Begin(Headers(1, F.None, 1));
        assembler.Append(Continuation(1, F.None, 2));

        Assert.Equal(HeaderBlockStatus.Complete, assembler.Append(Continuation(1, F.EndHeaders, 3)));
        Assert.Equal([1, 2, 3], assembler.Block.ToArray());
    }

    [Fact]
    public void Append_NoOpenBlock_UnexpectedFrame()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);

        Assert.Equal(HeaderBlockStatus.UnexpectedFrame, assembler.Append(Continuation(1, F.EndHeaders, 1)));
    }

    [Fact]
    public void Append_OtherStreamOrType_UnexpectedFrame()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);
        assembler.Begin(Headers(1, F.None, 1));
        Assert.Equal(HeaderBlockStatus.UnexpectedFrame, assembler.Append(Continuation(3, F.EndHeaders, 1)));

        assembler.Begin(Headers(1, F.None, 1));
        Assert.Equal(HeaderBlockStatus.UnexpectedFrame, assembler.Append(Parse(Frame(T.Data, F.None, 1, 1))));
        Assert.False(assembler.IsInProgress);
    }

    [Fact]
    public void Begin_WhileBlockOpen_UnexpectedFrame()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);
        assembler.Begin(Headers(1, F.None, 1));

        Assert.Equal(HeaderBlockStatus.UnexpectedFrame, assembler.Begin(Headers(3, F.EndHeaders, 1)));
    }

    [Fact]
    public void Begin_NotAFieldBlockFrame_Throws()
    {
        using var assembler = new HeaderBlockAssembler(100, 4);

        Assert.Throws<ArgumentException>(() => assembler.Begin(Parse(Frame(T.Data, F.None, 1, 1))));
    }

    [Fact]
    public void Begin_AfterCompletedBlock_StartsFresh()
    {
        using var assembler = new HeaderBlockAssembler(100, 1);
        assembler.Begin(Headers(1, F.None, 1));
        assembler.Append(Continuation(1, F.EndHeaders, 2));

        assembler.Begin(Headers(3, F.None, 7));
        var status = assembler.Append(Continuation(3, F.EndHeaders, 8));

        Assert.Equal(HeaderBlockStatus.Complete, status);
        Assert.Equal([7, 8], assembler.Block.ToArray());
        Assert.Equal(3u, assembler.StreamId);
    }

    [Fact]
    public void Append_LargeBlockAcrossManyFrames_GrowsAndKeepsAllBytes()
    {
        using var assembler = new HeaderBlockAssembler(1 << 20, 100);
        var expected = new List<byte>();
        var chunk = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        assembler.Begin(Headers(1, F.None, chunk));
        expected.AddRange(chunk);
        for (var i = 0; i < 20; i++)
        {
            var last = i == 19;
            var status = assembler.Append(Continuation(1, last ? F.EndHeaders : F.None, chunk));
            Assert.Equal(last ? HeaderBlockStatus.Complete : HeaderBlockStatus.Incomplete, status);
            expected.AddRange(chunk);
        }

        Assert.Equal(expected.ToArray(), assembler.Block.ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void Constructor_InvalidLimits_Throw(int maxSize, int maxContinuations)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeaderBlockAssembler(maxSize, maxContinuations));
    }
}
