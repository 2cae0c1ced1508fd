using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Network;
using Mosn.Upstream;

namespace Mosn.Benchmarks;

/// <summary>
/// One request's host choice (<see cref="ILoadBalancer.ChooseHost"/>) for every built-in balancer, over 10 and 1000
/// hosts of weights 1 to 5, as the cluster manager builds them. Hashing balancers get a new hash key per request;
/// <c>SUBSET</c> is <c>LB_ROUNDROBIN</c> inside one of five subsets selected by route metadata.
/// </summary>
[MemoryDiagnoser]
public class HostSelectionBenchmarks
{
    private const string Subset = "SUBSET";

    private sealed class NoProtocols : IProtocolRegistry
    {
        public IReadOnlyList<IProtocol> All => [];

        public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol)
        {
            protocol = null;
            return false;
        }
    }

    /// <summary>A request context whose hash key changes on every read (a stream of different requests).</summary>
    private sealed class RequestStream : ILoadBalancerContext
    {
        private ulong _key;

        public IHeaderMap? DownstreamHeaders => null;

        public IConnection? DownstreamConnection => null;

        public IReadOnlyDictionary<string, string>? MetadataMatch { get; init; }

        public ulong? HashKey => _key += 0x9E3779B97F4A7C15UL;

        public bool ShouldSelectAnotherHost(IHost host) => false;
    }

    private ILoadBalancer _balancer = null!;
    private RequestStream _context = null!;

    [Params(10, 1000)]
    public int Hosts { get; set; }

    [Params("LB_RANDOM", "LB_ROUNDROBIN", "LB_WEIGHTED_ROUNDROBIN", "LB_LEAST_REQUEST", "LB_LEAST_CONNECTION",
        "LB_REQUEST_ROUNDROBIN", "LB_MAGLEV", "LB_RING_HASH", "LB_PEAK_EWMA", Subset)]
    public string LbType { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var factories = BuiltInLoadBalancers.Create().ToDictionary(f => f.Name);
        var manager = new ClusterManager(new NoProtocols(), new SocketConnectionFactory(NullLoggerFactory.Instance), factories, NullLoggerFactory.Instance, TimeProvider.System);
        var hosts = Enumerable.Range(0, Hosts).Select(i => new HostConfig
        {
            Address = $"10.0.{i / 250}.{(i % 250) + 1}:8080",
            Weight = 1 + (i % 5),
            Metadata = new Dictionary<string, string> { ["zone"] = $"z{i % 5}" },
        }).ToList();
        var subset = LbType == Subset;
        manager.AddOrUpdateCluster(new ClusterConfig
        {
            Name = "c",
            LbType = subset ? LoadBalancerTypes.RoundRobin : LbType,
            Hosts = hosts,
            LbSubset = subset ? new LbSubsetConfig { SubsetSelectors = [["zone"]] } : null,
        });
        _balancer = manager.GetClusterSnapshot("c")!.LoadBalancer;
        _context = new RequestStream { MetadataMatch = subset ? new Dictionary<string, string> { ["zone"] = "z1" } : null };
    }

    [Benchmark]
    public IHost? Pick() => _balancer.ChooseHost(_context);
}
