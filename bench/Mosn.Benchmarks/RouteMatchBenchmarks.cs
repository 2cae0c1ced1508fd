using BenchmarkDotNet.Attributes;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Router;
using Mosn.Router;
using Mosn.Streams;

namespace Mosn.Benchmarks;

/// <summary>Route matching on a table of 3 virtual hosts and 20 routes (exact host, header and prefix rules).</summary>
[MemoryDiagnoser]
public class RouteMatchBenchmarks
{
    private IRouteTable _table = null!;
    private HeaderMap _first = null!;
    private HeaderMap _last = null!;
    private HeaderMap _header = null!;

    [GlobalSetup]
    public void Setup()
    {
        static RouteConfig Prefix(string prefix, string cluster) => new() { Match = new RouteMatchConfig { Prefix = prefix }, Route = new RouteActionConfig { ClusterName = cluster } };
        var routes = new List<RouteConfig>
        {
            new() { Match = new RouteMatchConfig { Prefix = "/", Headers = [new HeaderMatcherConfig { Name = "x-canary", Value = "yes" }] }, Route = new RouteActionConfig { ClusterName = "canary" } },
        };
        for (var i = 0; i < 18; i++)
        {
            routes.Add(Prefix($"/service{i}/", $"c{i}"));
        }

        routes.Add(Prefix("/", "default"));
        var manager = new RouterManager();
        manager.AddOrUpdate(new RouterConfig
        {
            RouterConfigName = "r",
            VirtualHosts =
            [
                new VirtualHostConfig { Name = "api", Domains = ["api.example.com"], Routers = routes },
                new VirtualHostConfig { Name = "wild", Domains = ["*.example.org"], Routers = [Prefix("/", "org")] },
                new VirtualHostConfig { Name = "default", Domains = ["*"], Routers = [Prefix("/", "fallback")] },
            ],
        });
        _table = manager.GetRouteTable("r")!;
        _first = Request("/service0/items");
        _last = Request("/unknown/path?q=1");
        _header = Request("/service9/x");
        _header.Add("x-canary", "yes");
    }

    private static HeaderMap Request(string path) => new()
    {
        { ":method", "GET" }, { ":path", path }, { ":authority", "api.example.com" }, { ":scheme", "http" }, { "accept", "*/*" },
    };

    [Benchmark]
    public string MatchFirstPrefixRoute() => _table.Match(_first)!.RouteRule!.SelectCluster(_first);

    [Benchmark]
    public string MatchLastRoute() => _table.Match(_last)!.RouteRule!.SelectCluster(_last);

    [Benchmark]
    public string MatchHeaderRoute() => _table.Match(_header)!.RouteRule!.SelectCluster(_header);
}
