using System.Text;
using Mosn.Protocols.Http1.Codec;

namespace Mosn.Protocols.Http1.Tests.Codec;

public class KnownHeadersTests
{
    [Theory]
    [InlineData("Content-Length", "content-length")]
    [InlineData("X-Unknown-Thing", "x-unknown-thing")]
    [InlineData("HOST", "host")]
    public void GetName_AnyCase_LowerCase(string raw, string expected) =>
        Assert.Equal(expected, KnownHeaders.GetName(Encoding.ASCII.GetBytes(raw)));

    [Fact]
    public void GetName_CommonName_ReturnsSharedInstance() =>
        Assert.Same(KnownHeaders.ContentLength, KnownHeaders.GetName("CONTENT-LENGTH"u8));

    [Fact]
    public void GetName_VeryLongName_Lowered()
    {
        var name = new string('A', 1000);

        Assert.Equal(new string('a', 1000), KnownHeaders.GetName(Encoding.ASCII.GetBytes(name)));
    }

    [Theory]
    [InlineData("connection", "close", true)]
    [InlineData("Transfer-Encoding", "chunked", true)]
    [InlineData("te", "trailers", false)]
    [InlineData("te", "gzip", true)]
    [InlineData("content-length", "5", false)]
    [InlineData("upgrade", "h2c", true)]
    public void IsHopByHop_Name_Classified(string name, string value, bool expected) =>
        Assert.Equal(expected, KnownHeaders.IsHopByHop(name, value));
}
