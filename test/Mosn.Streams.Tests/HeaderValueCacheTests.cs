using System.Text;

namespace Mosn.Streams.Tests;

public sealed class HeaderValueCacheTests
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
}
