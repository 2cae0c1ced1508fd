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
    public async Task Stop_IdleConnectionSendsRequestDuringGrace_ServedWithConnectionClose()
    {
        // A connection with nothing decoded yet when the drain starts (its request may already be in flight on a busy
        // machine) is not cut: a request arriving within the grace period is served, and the connection closes after it.
        await using var backend = await KestrelBackend.StartAsync("b");
        var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.Address("proxy"));
        var stopping = proxy.Server.StopAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 500 && proxy.Server.State != Mosn.Admin.ServerState.Stopping; i++)
        {
            await Task.Delay(5); // Stopping: the drain has begun on every connection
        }

        Assert.Equal(Mosn.Admin.ServerState.Stopping, proxy.Server.State);

        await socket.SendAsync("GET /late HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None);
        var response = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10))) > 0)
        {
            response.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }

        var text = response.ToString();
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("b /late", text, StringComparison.Ordinal);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
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
