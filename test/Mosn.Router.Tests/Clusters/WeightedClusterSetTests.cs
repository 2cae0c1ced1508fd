using Mosn.Abstractions.Config;
using Mosn.Router.Clusters;

namespace Mosn.Router.Tests.Clusters;

public class WeightedClusterSetTests
{
    private static WeightedClusterSet Create(Func<int, int> nextInt, params (string Name, int Weight)[] clusters) =>
        WeightedClusterSet.Create([.. clusters.Select(c => new WeightedClusterConfig { Name = c.Name, Weight = c.Weight })], null, nextInt, "t");

    [Fact]
    public void Pick_EveryTicket_MapsToOwningCluster()
    {
        var ticket = 0;
        var set = Create(_ => ticket, ("z0", 0), ("a", 1), ("z1", 0), ("b", 3), ("z2", 0));

        string[] picks = [.. Enumerable.Range(0, 4).Select(t => { ticket = t; return set.Pick(); })];

        Assert.Equal(["a", "b", "b", "b"], picks);
    }

    [Fact]
    public void Pick_OutOfRangeTicket_IsClampedNotThrown()
    {
        var set = Create(_ => 7, ("a", 1), ("b", 1));

        Assert.Equal("b", set.Pick());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    [InlineData(int.MaxValue, 1)]
    public void Create_BadWeights_Throws(int first, int second)
    {
        Assert.Throws<ArgumentException>(() => Create(_ => 0, ("a", first), ("b", second)));
    }

    [Fact]
    public void Create_DuplicateOrEmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Create(_ => 0, ("a", 1), ("a", 1)));
        Assert.Throws<ArgumentException>(() => Create(_ => 0, ("", 1)));
    }

    [Fact]
    public void MetadataFor_NoMetadataAnywhere_IsNull()
    {
        var set = Create(_ => 0, ("a", 1));

        Assert.Null(set.MetadataFor("a"));
        Assert.True(set.Contains("a"));
        Assert.False(set.Contains("b"));
    }
}
