using System.Net;
using Microsoft.AspNetCore.Http;
using Mosn.Configuration;
using Mosn.Hosting;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Testing;
using Mosn.Upstream;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>
/// Consistent hashing on the route's <c>hash_policy</c> (<c>LB_MAGLEV</c>, <c>LB_RING_HASH</c>) and subset load
/// balancing (<c>lb_subset_config</c> + route <c>metadata_match</c>) through the real proxy, against real backends.
/// </summary>
public sealed class HashPolicyTests
{
    private const int Backends = 4;

    /// <summary>
    /// Starts a proxy whose registry has every built-in balancer (the ones the host does not register yet are added).
    /// </summary>
    private static async Task<MosnServer> StartProxyAsync(string json)
    {
        var loaded = MosnConfigLoader.Load(json, "test config");
        Assert.True(loaded.Config is not null, ConfigFormatter.Format(loaded.Diagnostics));
        var builder = BuiltInExtensions.CreateBuilder(TestLogging.Factory);
        var registered = builder.Build();
        foreach (var factory in BuiltInLoadBalancers.Create())
        {
            if (registered.GetLoadBalancer(factory.Name) is null)
            {
                builder.AddLoadBalancer(factory);
            }
        }

        var server = MosnServer.TryCreate(loaded.Config, builder.Build(), TestLogging.Factory, TimeProvider.System, loaded.Diagnostics);
        Assert.True(server is not null, ConfigFormatter.Format(loaded.Diagnostics));
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static Uri Url(MosnServer server, string path) =>
        new($"http://127.0.0.1:{((IPEndPoint)server.ListenerAddresses["proxy"]!).Port}{path}");

    private static async Task<KestrelBackend[]> StartBackendsAsync(Func<HttpContext, Task>? first = null)
    {
        var backends = new KestrelBackend[Backends];
        for (var i = 0; i < Backends; i++)
        {
            backends[i] = await KestrelBackend.StartAsync($"b{i}", i == 0 ? first : null);
        }

        return backends;
    }

    private static async Task DisposeAllAsync(IEnumerable<KestrelBackend> backends)
    {
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, string Backend)> GetAsync(HttpClient client, Uri url, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is not null)
        {
            request.Headers.Add("x-user", user);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("x-backend", out var values) ? values.Single() : "");
    }

    private static string HashCluster(string lbType, KestrelBackend[] backends) =>
        $"[{Configs.Cluster("c", lbType, [.. backends.Select(b => b.Address)])}]";

    [Theory]
    [InlineData("LB_MAGLEV")]
    [InlineData("LB_RING_HASH")]
    public async Task HeaderHashPolicy_SameValue_AlwaysTheSameBackend_DifferentValuesSpread(string lbType)
    {
        var backends = await StartBackendsAsync();
        try
        {
            var routes = Configs.CatchAll("c", """, "hash_policy": [{ "header": { "key": "x-user" } }]""");
            var server = await StartProxyAsync(Configs.Http1Proxy(routes, HashCluster(lbType, backends)));
            try
            {
                using var client = Clients.Create();
                var url = Url(server, "/hello");
                var used = new HashSet<string>();
                for (var user = 0; user < 24; user++)
                {
                    var seen = new HashSet<string>();
                    for (var i = 0; i < 4; i++)
                    {
                        var (status, backend) = await GetAsync(client, url, $"user-{user}");
                        Assert.Equal(HttpStatusCode.OK, status);
                        seen.Add(backend);
                    }

                    Assert.Single(seen); // one user, one backend
                    used.Add(seen.Single());
                }

                // 24 users over 4 equal backends: all four should be used (a miss has probability ~4 × 0.75^24 ≈ 0.4 %,
                // and the placement is deterministic for these names, so this is checked once and for all).
                Assert.Equal(Backends, used.Count);
            }
            finally
            {
                await server.StopAsync(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            await DisposeAllAsync(backends);
        }
    }

    [Fact]
    public async Task HeaderHashPolicy_HashedBackendFails_RetryGoesToAnotherBackendTheSameForEveryTry()
    {
        var backends = await StartBackendsAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        try
        {
            var routes = Configs.CatchAll("c", """
                , "hash_policy": [{ "header": { "key": "x-user" } }],
                  "retry_policy": { "retry_on": true, "num_retries": 1, "status_codes": [503] }
                """);
            var server = await StartProxyAsync(Configs.Http1Proxy(routes, HashCluster("LB_MAGLEV", backends)));
            try
            {
                using var client = Clients.Create();
                var url = Url(server, "/hello");
                for (var user = 0; user < 24; user++)
                {
                    var before = backends[0].Requests;
                    var (status, backend) = await GetAsync(client, url, $"user-{user}");
                    var hitFailing = backends[0].Requests - before;

                    // Users hashed to the failing backend are retried once, on another backend; the others never touch it.
                    Assert.Equal(HttpStatusCode.OK, status);
                    Assert.NotEqual("b0", backend);
                    Assert.InRange(hitFailing, 0, 1);
                    if (hitFailing == 1)
                    {
                        // The retry target is the next candidate of the user's sequence: the same on every request.
                        var again = await GetAsync(client, url, $"user-{user}");
                        Assert.Equal(backend, again.Backend);
                    }
                }

                Assert.True(backends[0].Requests > 0, "some of 24 users should hash to the failing backend");
            }
            finally
            {
                await server.StopAsync(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            await DisposeAllAsync(backends);
        }
    }

    [Fact]
    public async Task NoHashPolicy_SourceIpHash_OneClientStaysOnOneBackend()
    {
        var backends = await StartBackendsAsync();
        try
        {
            var server = await StartProxyAsync(Configs.Http1Proxy(Configs.CatchAll("c"), HashCluster("LB_MAGLEV", backends)));
            try
            {
                var seen = new HashSet<string>();
                for (var i = 0; i < 10; i++)
                {
                    using var client = Clients.Create(); // a new connection (new source port) each time
                    seen.Add((await GetAsync(client, Url(server, "/hello"), $"user-{i}")).Backend);
                }

                Assert.Single(seen);
            }
            finally
            {
                await server.StopAsync(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            await DisposeAllAsync(backends);
        }
    }

    [Fact]
    public async Task SubsetConfig_RouteMetadataMatch_SelectsTheSubsetAndFallsBackToTheDefaultSubset()
    {
        var backends = await StartBackendsAsync();
        try
        {
            static string Host(KestrelBackend backend, string version) =>
                $$"""{ "address": "{{backend.Address}}", "metadata": { "filter_metadata": { "mosn.lb": { "version": "{{version}}" } } } }""";
            var clusters = $$"""
                [{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s",
                   "lb_subset_config": { "fall_back_policy": 2, "default_subset": { "version": "v1" }, "subset_selectors": [["version"]] },
                   "hosts": [{{Host(backends[0], "v1")}}, {{Host(backends[1], "v2")}}, {{Host(backends[2], "v2")}}, {{Host(backends[3], "v3")}}] }]
                """;
            static string Route(string prefix, string version) =>
                $$"""{ "match": { "prefix": "{{prefix}}" }, "route": { "cluster_name": "c", "metadata_match": { "filter_metadata": { "mosn.lb": { "version": "{{version}}" } } } } }""";
            var routes = $$"""
                [{ "name": "all", "domains": ["*"], "routers": [
                    {{Route("/v2", "v2")}}, {{Route("/v3", "v3")}}, {{Route("/v9", "v9")}},
                    { "match": { "prefix": "/" }, "route": { "cluster_name": "c" } } ] }]
                """;
            var server = await StartProxyAsync(Configs.Http1Proxy(routes, clusters));
            try
            {
                using var client = Clients.Create();
                async Task<HashSet<string>> ServedByAsync(string path)
                {
                    var names = new HashSet<string>();
                    for (var i = 0; i < 8; i++)
                    {
                        var (status, backend) = await GetAsync(client, Url(server, path), null);
                        Assert.Equal(HttpStatusCode.OK, status);
                        names.Add(backend);
                    }

                    return names;
                }

                Assert.Equal(["b1", "b2"], (await ServedByAsync("/v2")).Order());
                Assert.Equal(["b3"], await ServedByAsync("/v3"));
                Assert.Equal(["b0"], await ServedByAsync("/v9")); // no v9 subset: the default subset (version v1)
                Assert.Equal(["b0"], await ServedByAsync("/other")); // no criteria: the default subset too
            }
            finally
            {
                await server.StopAsync(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            await DisposeAllAsync(backends);
        }
    }
}
