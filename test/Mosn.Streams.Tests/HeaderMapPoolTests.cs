using Mosn.Testing;

namespace Mosn.Streams.Tests;

/// <summary>
/// The pool is per thread, so every test runs its body on a thread of its own: other tests (and xunit's own work on
/// pool threads) cannot leave maps behind in it.
/// </summary>
public sealed class HeaderMapPoolTests
{
    [Fact]
    public void Rent_AfterAMapWasReturned_GivesTheSameMapBackEmpty() => OwnThread.Run(() =>
    {
        var map = HeaderMapPool.Rent(4);
        map.Add(":method", "GET");
        map.Add("host", "a");

        HeaderMapPool.Return(map);
        var again = HeaderMapPool.Rent(4);

        Assert.Same(map, again);
        Assert.Equal(0, again.Count);
        Assert.Null(again.Get(":method"));
        Assert.Empty(again);
    });

    [Fact]
    public void Return_SameMapTwice_TakenBackOnce() => OwnThread.Run(() =>
    {
        var map = HeaderMapPool.Rent(4);

        HeaderMapPool.Return(map);
        HeaderMapPool.Return(map);

        Assert.Equal(1, HeaderMapPool.CountOnThisThread);
        var first = HeaderMapPool.Rent(4);
        var second = HeaderMapPool.Rent(4);
        Assert.Same(map, first);
        Assert.NotSame(first, second); // a double return must never hand one map to two messages
    });

    [Fact]
    public void Return_MapMadeWithNew_NotKept() => OwnThread.Run(() =>
    {
        var map = new HeaderMap(4);
        map.Add("a", "1");

        HeaderMapPool.Return(map);

        Assert.Equal(0, HeaderMapPool.CountOnThisThread);
        Assert.Equal("1", map.Get("a")); // untouched: its owner may still use it
    });

    [Fact]
    public void Return_NullOrAnotherImplementation_Ignored() => OwnThread.Run(() =>
    {
        HeaderMapPool.Return(null);
        HeaderMapPool.Return(EmptyHeaderMap.Instance);

        Assert.Equal(0, HeaderMapPool.CountOnThisThread);
    });

    [Fact]
    public void Return_MapThatGrewPastTheKeptCapacity_DroppedAndStillRefusedOnASecondReturn() => OwnThread.Run(() =>
    {
        var map = HeaderMapPool.Rent(4);
        for (var i = 0; i <= HeaderMapPool.MaxRetainedCapacity; i++)
        {
            map.Add("x-" + i, "v");
        }

        HeaderMapPool.Return(map);
        HeaderMapPool.Return(map);

        Assert.Equal(0, HeaderMapPool.CountOnThisThread);
        Assert.NotSame(map, HeaderMapPool.Rent(4));
    });

    [Fact]
    public void Rent_LargerThanTheKeptMap_GrowsItsArrayOnce() => OwnThread.Run(() =>
    {
        var map = HeaderMapPool.Rent(2);
        HeaderMapPool.Return(map);

        var again = HeaderMapPool.Rent(20);

        Assert.Same(map, again);
        Assert.True(again.Capacity >= 20, $"capacity {again.Capacity}");
        for (var i = 0; i < 20; i++)
        {
            again.Add("x-" + i, "v");
        }

        Assert.Equal(20, again.Count);
    });

    [Fact]
    public void Return_MoreThanAThreadKeeps_KeepsAtMostMaxPerThread() => OwnThread.Run(() =>
    {
        var maps = Enumerable.Range(0, HeaderMapPool.MaxPerThread + 10).Select(_ => HeaderMapPool.Rent(4)).ToList();

        foreach (var map in maps)
        {
            HeaderMapPool.Return(map);
        }

        Assert.Equal(HeaderMapPool.MaxPerThread, HeaderMapPool.CountOnThisThread);
    });

    [Fact]
    public void Return_OnAnotherThread_KeptThereNotOnTheRentingThread()
    {
        HeaderMap? map = null;
        OwnThread.Run(() => map = HeaderMapPool.Rent(4));
        var keptThere = -1;

        OwnThread.Run(() =>
        {
            HeaderMapPool.Return(map);
            keptThere = HeaderMapPool.CountOnThisThread;
            Assert.Same(map, HeaderMapPool.Rent(4));
        });

        Assert.Equal(1, keptThere);
    }
}
