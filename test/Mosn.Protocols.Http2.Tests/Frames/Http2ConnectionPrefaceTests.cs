using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.Frames;

public class Http2ConnectionPrefaceTests
{
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    [Fact]
    public void ClientMagic_IsTheRfcPreface()
    {
        Assert.Equal(Preface, Http2ConnectionPreface.ClientMagic.ToArray());
        Assert.Equal(24, Http2ConnectionPreface.Length);
    }

    [Fact]
    public void Match_ExactPreface_Success()
    {
        Assert.Equal(MatchResult.Success, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>(Preface)));
    }

    [Fact]
    public void Match_PrefaceFollowedBySettings_Success()
    {
        var bytes = Preface.Concat(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 }).ToArray();

        Assert.Equal(MatchResult.Success, Http2ConnectionPreface.Match(Segments.Create(bytes, 5)));
    }

    [Fact]
    public void Match_EveryProperPrefix_Again()
    {
        for (var length = 0; length < Preface.Length; length++)
        {
            Assert.Equal(MatchResult.Again, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>(Preface, 0, length)));
        }
    }

    [Fact]
    public void Match_SplitAtEveryBoundary_Success()
    {
        for (var cut = 1; cut < Preface.Length; cut++)
        {
            Assert.Equal(MatchResult.Success, Http2ConnectionPreface.Match(Segments.Split(Preface, [cut])));
            Assert.Equal(MatchResult.Success, Http2ConnectionPreface.Match(Segments.Create(Preface, cut)));
        }
    }

    [Fact]
    public void Match_AnyByteWrong_Failed()
    {
        for (var i = 0; i < Preface.Length; i++)
        {
            var wrong = Preface.ToArray();
            wrong[i] ^= 0x20;
            Assert.Equal(MatchResult.Failed, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>(wrong)));
            Assert.Equal(MatchResult.Failed, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>(wrong, 0, i + 1)));
            Assert.Equal(MatchResult.Failed, Http2ConnectionPreface.Match(Segments.Create(wrong, 1)));
        }
    }

    [Fact]
    public void Match_Http1Request_Failed()
    {
        Assert.Equal(MatchResult.Failed, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>("GET / HTTP/1.1\r\n"u8.ToArray())));
        Assert.Equal(MatchResult.Failed, Http2ConnectionPreface.Match(new ReadOnlySequence<byte>("PRI * HTTP/1.1\r\n"u8.ToArray())));
    }
}
