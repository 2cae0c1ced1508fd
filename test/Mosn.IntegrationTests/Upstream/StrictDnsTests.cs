using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Upstream.Clusters;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>A STRICT_DNS cluster through the real proxy follows its name's answer as it changes.</summary>
public sealed class StrictDnsTests
{
    /// <summary>A resolver the test controls (the system one reads /etc/hosts and DNS, which a test must not change).</summary>
    private sealed class TableResolver : IHostNameResolver
    {
        public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken) =>
            Task.FromResult(Answers.TryGetValue(hostName, out var a) ? a : []);
    }

    /// <summary>A minimal keep-alive HTTP/1.1 server on <paramref name="listener"/> answering every request with <paramref name="body"/>.</summary>
    private static async Task ServeAsync(TcpListener listener, string body, CancellationToken cancellationToken)
    {
        var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var buffer = new byte[8192];
                    var pending = new StringBuilder();
                    try
                    {
                        while (true)
                        {
                            var n = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                            if (n == 0)
                            {
                                return;
                            }

                            pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                            int end;
                            while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                            {
                                pending.Remove(0, end + 4); // GET requests: no body
                                await client.SendAsync(response, SocketFlags.None, cancellationToken);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                    {
                    }
                }
            }, cancellationToken);
        }
    }

    [Fact]
    public async Task StrictDns_AnswerMovesToAnotherAddress_TrafficFollowsWithoutFailures()
    {
        using var stop = new CancellationTokenSource();
        var first = new TcpListener(IPAddress.Parse("127.0.0.1"), 0);
        first.Start();
        var port = ((IPEndPoint)first.LocalEndpoint).Port;
        var second = new TcpListener(IPAddress.Parse("127.0.0.2"), port);
        second.Start();
        var serving = Task.WhenAll(ServeAsync(first, "first", stop.Token), ServeAsync(second, "second", stop.Token));
        try
        {
            var resolver = new TableResolver();
            resolver.Answers["backend.test"] = [IPAddress.Parse("127.0.0.1")];
            var cluster = $$"""{ "name": "c", "type": "STRICT_DNS", "dns_refresh_rate": "200ms", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "hosts": [{ "address": "backend.test:{{port}}" }] }""";
            await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{cluster}]"), resolver);
            var url = new Uri(proxy.Url("proxy"), "/");
            await using var load = LoadLoop.Start(() => url, workers: 2);
            await load.WaitForMoreAsync(100);
            Assert.Equal(["first"], load.Bodies.Keys);

            resolver.Answers["backend.test"] = [IPAddress.Parse("127.0.0.2")];
            var deadline = Environment.TickCount64 + 10_000;
            while (proxy.Server.ClusterManager.GetClusterSnapshot("c")!.HostSet.Hosts.Single().Address != $"127.0.0.2:{port}" && Environment.TickCount64 < deadline)
            {
                await Task.Delay(20);
            }

            await load.WaitForMoreAsync(50);
            load.ResetBodies();
            await load.WaitForMoreAsync(100);
            await load.StopAsync();

            Assert.Equal(["second"], load.Bodies.Keys);
            Assert.Empty(load.Failures);
            Assert.Equal("backend.test", proxy.Server.ClusterManager.GetClusterSnapshot("c")!.HostSet.Hosts.Single().Hostname);
        }
        finally
        {
            await stop.CancelAsync();
            first.Stop();
            second.Stop();
            await serving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}
