namespace Mosn.Filters.Tests;

public sealed class BuiltInFiltersTests
{
    [Fact]
    public void NetworkFilters_ListsTcpProxy() => Assert.Equal(["tcp_proxy"], BuiltInFilters.NetworkFilters.Select(f => f.Name));

    [Fact]
    public void StreamFilters_ListsFault() => Assert.Equal(["fault"], BuiltInFilters.StreamFilters.Select(f => f.Name));
}
