namespace Mosn.Abstractions.Router;

/// <summary>All route tables by name. Reads are lock-free snapshot reads; updates swap whole tables.</summary>
public interface IRouterManager
{
    /// <summary>The current table for <paramref name="routerConfigName"/>, or null.</summary>
    IRouteTable? GetRouteTable(string routerConfigName);

    /// <summary>Compiles and installs (or replaces) a table.</summary>
    void AddOrUpdate(Config.RouterConfig config);
}
