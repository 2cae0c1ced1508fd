using Mosn.Protocols.Http2.HPack;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HeaderMapHandlerTests
{
    [Fact]
    public void OnHeader_DecodedRequest_FillsHeaderMapInOrder()
    {
        var decoder = new HPackDecoder();
        var handler = new HeaderMapHandler(new HeaderMap());

        Assert.Equal(HPackError.None, decoder.Decode(RfcExamples.Hex(RfcExamples.C31), ref handler));

        Assert.Equal(RfcExamples.Request1.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)), handler.Headers);
        Assert.Equal("www.example.com", handler.Headers.Get(":authority"));
    }

    [Fact]
    public void OnHeader_StaticTableName_ReusesSharedString()
    {
        var handler = new HeaderMapHandler(new HeaderMap());

        handler.OnHeader("content-type"u8, "text/plain"u8, HeaderFieldFlags.None);
        handler.OnHeader("x-custom"u8, ""u8, HeaderFieldFlags.None);

        Assert.Same(HPackStaticTable.GetNameString(31), handler.Headers[0].Key);
        Assert.Equal("x-custom", handler.Headers[1].Key);
        Assert.Same(string.Empty, handler.Headers[1].Value);
    }
}
