using Mosn.Abstractions.Config;
using static Mosn.Router.Tests.TestConfigs;

namespace Mosn.Router.Tests;

public class RouterManagerTests
{
    private static RouterConfig Named(string name, string cluster) =>
        new() { RouterConfigName = name, VirtualHosts = [Host("h", ["*"], Prefix("/", cluster))] };

    [Fact]
    public void GetRouteTable_Unknown_ReturnsNull()
    {
        Assert.Null(new RouterManager().GetRouteTable("missing"));
    }

    [Fact]
    public void AddOrUpdate_NewName_InstallsTable()
    {
        var manager = new RouterManager();

        manager.AddOrUpdate(Named("r1", "c1"));
        manager.AddOrUpdate(Named("r2", "c2"));

        Assert.Equal("c1", manager.GetRouteTable("r1")!.ClusterFor(Request("a")));
        Assert.Equal("c2", manager.GetRouteTable("r2")!.ClusterFor(Request("a")));
        Assert.Equal("r1", manager.GetRouteTable("r1")!.Name);
        Assert.Equal(["r1", "r2"], manager.Names.Order());
    }

    [Fact]
    public void AddOrUpdate_ExistingName_SwapsWhileHeldTableKeepsBehaviour()
    {
        var manager = new RouterManager();
        manager.AddOrUpdate(Named("r", "old"));
        var held = manager.GetRouteTable("r")!;

        manager.AddOrUpdate(Named("r", "new"));

        Assert.Equal("old", held.ClusterFor(Request("a")));
        Assert.Equal("new", manager.GetRouteTable("r")!.ClusterFor(Request("a")));
        Assert.NotSame(held, manager.GetRouteTable("r"));
    }

    [Fact]
    public void AddOrUpdate_InvalidConfig_ThrowsAndKeepsCurrentTable()
    {
        var manager = new RouterManager();
        manager.AddOrUpdate(Named("r", "good"));
        var bad = Named("r", "x") with { VirtualHosts = [Host("h", ["*"], Regex("(unclosed", "x"))] };

        var error = Assert.Throws<ArgumentException>(() => manager.AddOrUpdate(bad));

        Assert.Contains("regex", error.Message, StringComparison.Ordinal);
        Assert.Equal("good", manager.GetRouteTable("r")!.ClusterFor(Request("a")));
    }

    [Fact]
    public void Remove_ExistingAndMissing_ReportsWhetherRemoved()
    {
        var manager = new RouterManager();
        manager.AddOrUpdate(Named("r", "c"));
        var held = manager.GetRouteTable("r")!;

        Assert.True(manager.Remove("r"));
        Assert.False(manager.Remove("r"));
        Assert.Null(manager.GetRouteTable("r"));
        Assert.Equal("c", held.ClusterFor(Request("a")));
    }

    [Fact]
    public void AddOrUpdate_ConcurrentWriters_AllTablesInstalled()
    {
        var manager = new RouterManager();

        Parallel.For(0, 64, i => manager.AddOrUpdate(Named($"r{i}", $"c{i}")));

        for (var i = 0; i < 64; i++)
        {
            Assert.Equal($"c{i}", manager.GetRouteTable($"r{i}")!.ClusterFor(Request("a")));
        }
    }

    [Fact]
    public void AddOrUpdate_InjectedRandom_DrivesWeightedPicks()
    {
        var manager = new RouterManager(static max => max - 1);
        var route = new RouteConfig
        {
            Match = new RouteMatchConfig { Prefix = "/" },
            Route = new RouteActionConfig { WeightedClusters = [new() { Name = "a", Weight = 5 }, new() { Name = "b", Weight = 5 }] },
        };
        manager.AddOrUpdate(new RouterConfig { RouterConfigName = "w", VirtualHosts = [Host("h", ["*"], route)] });

        Assert.Equal("b", manager.GetRouteTable("w")!.ClusterFor(Request("a")));
    }
}
