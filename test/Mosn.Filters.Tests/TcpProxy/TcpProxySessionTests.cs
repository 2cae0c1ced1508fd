using System.Text;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Filters.TcpProxy;
using Mosn.Filters.Tests.Fakes;

namespace Mosn.Filters.Tests.TcpProxy;

public sealed partial class TcpProxySessionTests
{
    private static TcpProxyFilterChainFactory Build(TestFilterFactoryContext context, string json)
    {
        var diagnostics = new ConfigDiagnostics();
        using var document = JsonDocument.Parse(json);
        var factory = new TcpProxyFilterFactory().CreateFactory(document.RootElement.Clone(), "filters[0].config", diagnostics, context);
        Assert.Empty(diagnostics.Errors);
        return Assert.IsType<TcpProxyFilterChainFactory>(factory);
    }

    private static (FakeConnection Downstream, TcpProxyFilterChainFactory Chain) StartFake(
        TestFilterFactoryContext context, string json = """{"cluster": "backend"}""")
    {
        var chain = Build(context, json);
        var downstream = new FakeConnection();
        chain.CreateFilterChain(downstream);
        downstream.Start();
        return (downstream, chain);
    }

    [Fact]
    public async Task OnNewConnection_UpstreamConnects_ForwardsBytesBothWays()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, chain) = StartFake(context);

        var upstream = Assert.Single(connections.Created);
        Assert.Equal(ConnectionState.Active, upstream.State);
        Assert.True(downstream.ReadEnabled);

        var left = downstream.Receive(Encoding.ASCII.GetBytes("ping"));
        Assert.Equal(0, left.Length);
        Assert.Equal("ping", Encoding.ASCII.GetString(upstream.Written));

        upstream.Receive(Encoding.ASCII.GetBytes("pong"));
        Assert.Equal("pong", Encoding.ASCII.GetString(downstream.Written));
        Assert.Equal(4, chain.Stats.BytesReceived);
        Assert.Equal(4, chain.Stats.BytesSent);
        Assert.Equal(1, chain.Stats.ActiveConnections);
    }

    [Fact]
    public async Task OnData_BeforeUpstreamConnected_LeavesBytesUnconsumedAndReadDisabled()
    {
        var connections = new NeverConnectingFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, _) = StartFake(context);

        Assert.False(downstream.ReadEnabled);
        var left = downstream.Receive([1, 2, 3]);
        Assert.Equal(3, left.Length);
        Assert.False(downstream.ReadEnabled);
    }

    [Fact]
    public async Task OnNewConnection_AllAttemptsFail_ClosesDownstreamAndCounts()
    {
        var connections = new FakeConnectionFactory();
        connections.Failures.Enqueue(ConnectionEvent.ConnectFailed);
        connections.Failures.Enqueue(ConnectionEvent.ConnectTimeout);
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001", "127.0.0.1:9002");
        var (downstream, chain) = StartFake(context, """{"cluster": "backend", "max_connect_attempts": 2}""");

        Assert.Equal(ConnectionState.Closed, downstream.State);
        Assert.Equal(ConnectionCloseType.NoFlush, downstream.ClosedWith);
        Assert.Equal(2, chain.Stats.UpstreamConnectAttempts);
        Assert.Equal(2, chain.Stats.UpstreamConnectFailures);
        Assert.Equal(1, chain.Stats.ConnectionsFailed);
        Assert.Equal(0, chain.Stats.ActiveConnections);
    }

    [Fact]
    public async Task OnNewConnection_FirstAttemptFails_RetriesAnotherHost()
    {
        var connections = new FakeConnectionFactory();
        connections.Failures.Enqueue(ConnectionEvent.ConnectFailed);
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001", "127.0.0.1:9002");
        var (downstream, chain) = StartFake(context, """{"cluster": "backend", "max_connect_attempts": 3}""");

        Assert.NotEqual(ConnectionState.Closed, downstream.State);
        var attempts = connections.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.NotEqual(attempts[0], attempts[1]);
        Assert.Single(connections.Created);
        Assert.True(downstream.ReadEnabled);
        Assert.Equal(1, chain.Stats.UpstreamConnectFailures);
    }

    [Fact]
    public async Task OnNewConnection_DefaultAttempts_TriesOnce()
    {
        var connections = new FakeConnectionFactory();
        connections.Failures.Enqueue(ConnectionEvent.ConnectFailed);
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001", "127.0.0.1:9002");
        var (downstream, _) = StartFake(context);

        Assert.Single(connections.Attempts);
        Assert.Equal(ConnectionState.Closed, downstream.State);
    }

    [Fact]
    public async Task OnNewConnection_NoRouteMatches_ClosesDownstream()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, chain) = StartFake(context, """{"routes": [{"cluster": "backend", "source_addrs": ["10.0.0.0/8"]}]}""");

        Assert.Equal(ConnectionState.Closed, downstream.State);
        Assert.Empty(connections.Attempts);
        Assert.Equal(1, chain.Stats.NoRoute);
    }

    [Fact]
    public async Task OnNewConnection_RouteMatchesPeer_ConnectsToRouteCluster()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("other", "127.0.0.1:9001");
        context.AddCluster("local", "127.0.0.1:9002");
        StartFake(context, """
            {"routes": [
              {"cluster": "other", "source_addrs": [{"address": "10.0.0.0", "length": 8}]},
              {"cluster": "local", "source_addrs": [{"address": "127.0.0.0", "length": 8}], "destination_port": "2000-3000"}
            ]}
            """);

        Assert.Equal("127.0.0.1:9002", Assert.Single(connections.Attempts).ToString());
    }

    [Fact]
    public async Task OnEvent_DownstreamRemoteClose_ClosesUpstreamWithFlush()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, chain) = StartFake(context);
        var upstream = Assert.Single(connections.Created);

        downstream.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.RemoteClose);

        Assert.Equal(ConnectionCloseType.FlushWrite, upstream.ClosedWith);
        Assert.Equal(0, chain.Stats.ActiveConnections);
    }

    [Fact]
    public async Task OnEvent_UpstreamReadError_ResetsDownstream()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, _) = StartFake(context);
        var upstream = Assert.Single(connections.Created);

        upstream.Close(ConnectionCloseType.NoFlush, ConnectionEvent.OnReadErrClose);

        Assert.Equal(ConnectionCloseType.NoFlush, downstream.ClosedWith);
    }

    [Fact]
    public async Task OnAboveWriteBufferHighWatermark_EachSide_PausesTheOtherUntilBelow()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, _) = StartFake(context);
        var upstream = Assert.Single(connections.Created);

        downstream.RaiseAboveHighWatermark();
        downstream.RaiseAboveHighWatermark(); // repeated events must not stack disables
        Assert.Equal(1, upstream.ReadDisableCount);
        downstream.RaiseBelowLowWatermark();
        Assert.Equal(0, upstream.ReadDisableCount);

        upstream.RaiseAboveHighWatermark();
        Assert.Equal(1, downstream.ReadDisableCount);
        upstream.RaiseBelowLowWatermark();
        upstream.RaiseBelowLowWatermark();
        Assert.Equal(0, downstream.ReadDisableCount);
    }

    [Fact]
    public async Task OnNewConnection_IdleTimeoutConfigured_SetsBothSides()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, _) = StartFake(context, """{"cluster": "backend", "idle_timeout": "1m30s"}""");
        var upstream = Assert.Single(connections.Created);

        Assert.Equal(TimeSpan.FromSeconds(90), downstream.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), upstream.IdleTimeout);
    }

    [Fact]
    public async Task OnNewConnection_IdleTimeoutAbsent_UpstreamMirrorsDownstream()
    {
        var connections = new FakeConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var chain = Build(context, """{"cluster": "backend"}""");
        var downstream = new FakeConnection { IdleTimeout = TimeSpan.FromSeconds(7) };
        chain.CreateFilterChain(downstream);
        downstream.Start();

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(connections.Created).IdleTimeout);
    }

    [Fact]
    public async Task OnEvent_DownstreamClosesWhileConnecting_UpstreamClosedWhenItArrives()
    {
        var connections = new GatedConnectionFactory();
        await using var context = new TestFilterFactoryContext(connectionFactory: connections);
        context.AddCluster("backend", "127.0.0.1:9001");
        var (downstream, chain) = StartFake(context);

        downstream.Close(ConnectionCloseType.FlushWrite, ConnectionEvent.RemoteClose);
        var upstream = new FakeConnection();
        connections.Complete(new ConnectResult(upstream, default));
        await upstream.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ConnectionState.Closed, upstream.State);
        Assert.Equal(0, chain.Stats.ActiveConnections);
    }

    /// <summary>A connect that never completes.</summary>
    private sealed class NeverConnectingFactory : IConnectionFactory
    {
        public ValueTask<ConnectResult> ConnectAsync(System.Net.EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken) =>
            new(new TaskCompletionSource<ConnectResult>().Task);
    }

    /// <summary>A connect completed by the test (ignores cancellation, as a connect that races the cancel would).</summary>
    private sealed class GatedConnectionFactory : IConnectionFactory
    {
        private readonly TaskCompletionSource<ConnectResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(ConnectResult result) => _result.SetResult(result);

        public ValueTask<ConnectResult> ConnectAsync(System.Net.EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken) =>
            new(_result.Task);
    }
}
