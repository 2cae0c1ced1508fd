using System.Net;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_RequestInFlight_CompletesThenListenerCloses()
    {
        await using var slow = await KestrelBackend.StartAsync("slow");
        var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        var address = proxy.Address("proxy");
        using var client = Clients.Create();
        var inFlight = client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/800"));
        await Task.Delay(200); // the request is now at the backend
        var stopping = proxy.Server.StopAsync(TimeSpan.FromSeconds(10));

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow delayed 800", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        // The listener no longer accepts.
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(address));
    }

    [Fact]
    public async Task Stop_DrainTimeoutExceeded_StopsAnyway()
    {
        await using var slow = await KestrelBackend.StartAsync("slow");
        var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", slow.Address)}]"));
        using var client = Clients.Create();
        var inFlight = client.GetAsync(new Uri(proxy.Url("proxy"), "/delay/20000"));
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await proxy.Server.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => inFlight);
    }
}
