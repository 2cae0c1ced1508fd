namespace Mosn.Streams.Tests;

public sealed class EmptyHeaderMapTests
{
    [Fact]
    public void Writes_Ignored_StaysEmptyForEveryReader()
    {
        var map = EmptyHeaderMap.Instance;

        map.Add("x-a", "1");
        map.Set("x-b", "2");

        Assert.Equal(0, map.Count);
        Assert.Equal(0, map.ByteSize);
        Assert.Null(map.Get("x-a"));
        Assert.False(map.TryGet("x-b", out var value));
        Assert.Null(value);
        Assert.False(map.Remove("x-a"));
        Assert.Empty(map);
        Assert.Throws<ArgumentOutOfRangeException>(() => map[0]);
    }
}
