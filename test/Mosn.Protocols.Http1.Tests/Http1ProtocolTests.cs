using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Tests.TestSupport;

namespace Mosn.Protocols.Http1.Tests;

public partial class Http1ProtocolTests
{
    private static MatchResult Match(string text, int segmentSize = 0) =>
        new Http1Protocol().Match(Segments.Create(Encoding.ASCII.GetBytes(text), segmentSize));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("POST /x HTTP/1.1\r\n")]
    [InlineData("OPTIONS * HTTP/1.1")]
    [InlineData("DELETE ")]
    [InlineData("UNLINK /")]
    [InlineData("CONNECT a:1 HTTP/1.1")]
    public void Match_KnownMethodAndSpace_Success(string text) => Assert.Equal(MatchResult.Success, Match(text));

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GE")]
    [InlineData("GET")]
    [InlineData("OPTION")]
    [InlineData("P")]
    public void Match_PrefixOfMethod_Again(string text) => Assert.Equal(MatchResult.Again, Match(text));

    [Theory]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("PRI")]
    [InlineData("get / HTTP/1.1")]
    [InlineData("GETX / HTTP/1.1")]
    [InlineData("GET/ HTTP/1.1")]
    [InlineData("\u0001\u0002\u0003")]
    [InlineData("HELLO")]
    public void Match_NotHttp1_Failed(string text) => Assert.Equal(MatchResult.Failed, Match(text));

    [Fact]
    public void Match_MultiSegment_Success() => Assert.Equal(MatchResult.Success, Match("PATCH /a HTTP/1.1", segmentSize: 1));

    [Fact]
    public void Properties_NameAndMultiplexing()
    {
        var protocol = new Http1Protocol();

        Assert.Equal("Http1", protocol.Name);
        Assert.False(protocol.IsMultiplexed);
    }

    [Fact]
    public void Match_EmptySequence_Again() => Assert.Equal(MatchResult.Again, new Http1Protocol().Match(ReadOnlySequence<byte>.Empty));
}
