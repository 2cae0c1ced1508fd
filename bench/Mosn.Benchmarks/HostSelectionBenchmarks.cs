using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Upstream;
using Mosn.Network;
using Mosn.Upstream;

namespace Mosn.Benchmarks;

/// <summary>One host pick per call, for each balancer, over 10 and 1000 weighted hosts.</summary>
[MemoryDiagnoser]
public class HostSelectionBenchmarks
{
    private sealed class NoProtocols : IProtocolRegistry
    {
        public IReadOnlyList<IProtocol> All => [];

        public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol)
        {
            protocol = null;
            return false;
        }
    }

    private ILoadBalancer _balancer = null!;

    [Params(10, 1000)]
    public int Hosts { get; set; }

    [Params("LB_RANDOM", "LB_ROUNDROBIN")]
    public string LbType { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var factories = new Dictionary<string, ILoadBalancerFactory>
        {
            [LoadBalancerTypes.Random] = new RandomLoadBalancerFactory(),
            [LoadBalancerTypes.RoundRobin] = new RoundRobinLoadBalancerFactory(),
        };
        var manager = new ClusterManager(new NoProtocols(), new SocketConnectionFactory(NullLoggerFactory.Instance), factories, NullLoggerFactory.Instance, TimeProvider.System);
        var hosts = Enumerable.Range(0, Hosts).Select(i => new HostConfig { Address = $"10.0.{i / 250}.{(i % 250) + 1}:8080", Weight = 1 + (i % 5) }).ToList();
        manager.AddOrUpdateCluster(new ClusterConfig { Name = "c", LbType = LbType, Hosts = hosts });
        _balancer = manager.GetClusterSnapshot("c")!.LoadBalancer;
    }

    [Benchmark]
    public IHost? Pick() => _balancer.ChooseHost(null);
}
