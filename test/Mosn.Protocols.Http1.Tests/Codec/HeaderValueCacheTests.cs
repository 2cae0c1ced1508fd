using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Codec;

namespace Mosn.Protocols.Http1.Tests.Codec;

public class HeaderValueCacheTests
{
    [Fact]
    public void Get_SameBytesAtSameSlot_ReturnsTheSameInstance()
    {
        var cache = new HeaderValueCache();
        var first = cache.Get(3, "application/json"u8);
        var second = cache.Get(3, "application/json"u8);
        Assert.Equal("application/json", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_DifferentBytes_ReturnsANewStringAndReplacesTheSlot()
    {
        var cache = new HeaderValueCache();
        var first = cache.Get(0, "/a"u8);
        var other = cache.Get(0, "/b"u8);
        Assert.Equal("/b", other);
        Assert.Equal("/a", first);
        Assert.Same(other, cache.Get(0, "/b"u8));
        Assert.NotSame(first, cache.Get(0, "/a"u8));
    }

    [Fact]
    public void Get_SameLengthPrefixDiffers_DoesNotReuse()
    {
        var cache = new HeaderValueCache();
        cache.Get(1, "abc"u8);
        Assert.Equal("abd", cache.Get(1, "abd"u8));
    }

    [Fact]
    public void Get_ObsTextBytes_DecodesLatin1()
    {
        var cache = new HeaderValueCache();
        byte[] bytes = [(byte)'a', 0xE9, 0xFF];
        Assert.Equal("a\u00E9\u00FF", cache.Get(2, bytes));
        Assert.Equal("a\u00E9\u00FF", cache.Get(2, bytes));
    }

    [Fact]
    public void Get_LongValueOrSlotOutOfRange_IsDecodedButNotKept()
    {
        var cache = new HeaderValueCache();
        var longValue = new string('x', HeaderValueCache.MaxCachedLength + 1);
        var bytes = Encoding.ASCII.GetBytes(longValue);
        var first = cache.Get(0, bytes);
        Assert.Equal(longValue, first);
        Assert.NotSame(first, cache.Get(0, bytes));
        Assert.NotSame(cache.Get(HeaderValueCache.SlotCount, "v"u8), cache.Get(HeaderValueCache.SlotCount, "v"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(HeaderValueCache.SlotCount - 1)]
    public void Get_AnySlotInRange_KeptAcrossGrowth(int slot)
    {
        var cache = new HeaderValueCache();
        var first = cache.Get(slot, "value"u8);

        // Filling every other slot grows the storage; the value kept at the slot must survive it.
        for (var i = 0; i < HeaderValueCache.SlotCount; i++)
        {
            if (i != slot)
            {
                cache.Get(i, "other"u8);
            }
        }

        Assert.Same(first, cache.Get(slot, "value"u8));
    }

    [Fact]
    public void Get_Empty_ReturnsEmptyString() => Assert.Same(string.Empty, new HeaderValueCache().Get(0, default));

    [Fact]
    public void RequestDecoder_RepeatedRequestsOnOneConnection_ReuseValueStringsAndKeepNewValues()
    {
        var decoder = new Http1RequestDecoder(ProtocolOptions.Default);
        var first = Parse(decoder, "GET /items HTTP/1.1\r\nHost: api\r\nAccept: text/plain\r\nX-Request-Id: 1\r\n\r\n");
        var second = Parse(decoder, "GET /items HTTP/1.1\r\nHost: api\r\nAccept: text/plain\r\nX-Request-Id: 2\r\n\r\n");
        var third = Parse(decoder, "GET /other HTTP/1.1\r\nHost: api\r\nAccept: text/html\r\nX-Request-Id: 2\r\n\r\n");

        Assert.Same(first.Get(PseudoHeaders.Path), second.Get(PseudoHeaders.Path));
        Assert.Same(first.Get(PseudoHeaders.Authority), second.Get(PseudoHeaders.Authority));
        Assert.Same(first.Get("accept"), second.Get("accept"));
        Assert.Equal("1", first.Get("x-request-id"));
        Assert.Equal("2", second.Get("x-request-id"));
        Assert.Equal("/other", third.Get(PseudoHeaders.Path));
        Assert.Equal("text/html", third.Get("accept"));
        Assert.Equal("text/plain", second.Get("accept"));
        Assert.Same(second.Get("x-request-id"), third.Get("x-request-id"));
    }

    private static IHeaderMap Parse(Http1RequestDecoder decoder, string raw)
    {
        decoder.Reset();
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(raw));
        Assert.Equal(HeadStatus.Complete, decoder.Parse(ref input));
        return decoder.Headers!;
    }
}
