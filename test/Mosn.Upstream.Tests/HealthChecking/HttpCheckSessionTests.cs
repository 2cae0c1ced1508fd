using System.Buffers;
using System.Net;
using System.Text;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.HealthChecking;

public sealed class HttpCheckSessionTests
{
    private static readonly IPEndPoint Host = new(IPAddress.Loopback, 8080);
    private readonly FakeConnectionFactory _factory = new();

    [Fact]
    public async Task CheckAsync_ExpectedStatus_IsHealthyAndSendsTheConfiguredRequest()
    {
        var session = new HttpCheckSession(_factory, Host, "127.0.0.1:8080",
            new HttpCheckConfig { Path = "/health", Method = "HEAD", Domain = "svc.local" }, TimeSpan.FromSeconds(1));

        var check = session.CheckAsync(CancellationToken.None).AsTask();
        var connection = Answer("HTTP/1.1 200 OK\r\n\r\n");

        Assert.True(await check);
        var request = Encoding.ASCII.GetString(connection.Writes.SelectMany(w => w).ToArray());
        Assert.StartsWith("HEAD /health HTTP/1.1\r\nHost: svc.local\r\n", request, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", request, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n\r\n", false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false)]
    public async Task CheckAsync_StatusAgainstCodes_MatchesRanges(string response, bool healthy)
    {
        var session = new HttpCheckSession(_factory, Host, "127.0.0.1:8080",
            new HttpCheckConfig { Codes = [new StatusCodeRange(204, 205), new StatusCodeRange(300, 400)] }, TimeSpan.FromSeconds(1));

        var check = session.CheckAsync(CancellationToken.None).AsTask();
        Answer(response);

        Assert.Equal(healthy, await check);
    }

    [Fact]
    public async Task CheckAsync_PortConfigured_ProbesThatPortWithDefaultHostHeader()
    {
        var session = new HttpCheckSession(_factory, Host, "127.0.0.1:8080", new HttpCheckConfig { Port = 9000 }, TimeSpan.FromSeconds(1));

        var check = session.CheckAsync(CancellationToken.None).AsTask();
        var connection = Answer("HTTP/1.1 200 OK\r\n\r\n");

        Assert.True(await check);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), _factory.Calls.Single().EndPoint);
        Assert.Contains("Host: 127.0.0.1:9000\r\n", Encoding.ASCII.GetString(connection.Writes.SelectMany(w => w).ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ConnectRefused_IsUnhealthy()
    {
        _factory.Failure = ConnectionEvent.ConnectFailed;
        var session = new HttpCheckSession(_factory, Host, "127.0.0.1:8080", new HttpCheckConfig(), TimeSpan.FromSeconds(1));

        Assert.False(await session.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_Cancelled_IsUnhealthyAndClosesTheConnection()
    {
        using var cts = new CancellationTokenSource();
        var session = new HttpCheckSession(_factory, Host, "127.0.0.1:8080", new HttpCheckConfig(), TimeSpan.FromSeconds(1));

        var check = session.CheckAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        Assert.False(await check);
        Assert.True(_factory.Connections.TryPeek(out var connection));
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task TcpConnectSession_Connects_IsHealthyAndCloses()
    {
        var session = new TcpConnectSession(_factory, Host, TimeSpan.FromSeconds(1));

        Assert.True(await session.CheckAsync(CancellationToken.None));
        Assert.True(_factory.Connections.TryPeek(out var connection));
        Assert.Equal(ConnectionState.Closed, connection.State);
        _factory.Failure = ConnectionEvent.ConnectTimeout;
        Assert.False(await session.CheckAsync(CancellationToken.None));
    }

    private FakeConnection Answer(string response)
    {
        Assert.True(_factory.Connections.TryPeek(out var connection));
        connection.Deliver(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(response)));
        return connection;
    }
}
