using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Protocols.Bolt;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.IntegrationTests.Upstream;

/// <summary>
/// The RPC heartbeat health check (<c>health_check.protocol</c> <c>bolt</c>) through the proxy, against real Bolt
/// servers on loopback: a host that keeps accepting connections and answering requests but stops answering heartbeats
/// (so a TCP connect check would still pass) leaves the balancer, and returns when it answers again.
/// </summary>
public sealed class RpcHealthCheckTests
{
    private const string Service = "com.alipay.test.HelloService:1.0";

    [Fact]
    public async Task BoltHeartbeatCheck_HostStopsAnsweringHeartbeats_MarkedUnhealthyTrafficMovesAndReturns()
    {
        await using var good = BoltBackend.Start("good");
        await using var bad = BoltBackend.Start("bad");
        var cluster = $$"""
            [{ "name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s",
               "health_check": {
                 "protocol": "bolt", "timeout": "500ms", "interval": "100ms", "interval_jitter": "10ms",
                 "initial_delay_seconds": "0", "unhealthy_threshold": 2, "healthy_threshold": 2
               },
               "hosts": [{ "address": "{{good.Address}}" }, { "address": "{{bad.Address}}" }] }]
            """;
        var routes = $$"""
            [{ "name": "rpc", "domains": ["*"], "routers": [
                { "match": { "headers": [{ "name": "service", "value": "{{Service}}" }] }, "route": { "cluster_name": "c" } }
            ] }]
            """;
        await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy("bolt", "bolt", routes, cluster));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();
        await WaitForHeartbeatsAsync(good, bad);
        Assert.Contains("bad", await ServedByAsync(stream, 10));

        bad.AnswerHeartbeats = false;
        await HealthCheckTests.WaitForHealthyHostsAsync(proxy, 1);

        var servedBy = await ServedByAsync(stream, 20);
        Assert.All(servedBy, name => Assert.Equal("good", name));
        var badHost = proxy.Server.ClusterManager.GetClusterSnapshot("c")!.HostSet.Hosts.Single(h => h.Address == bad.Address);
        Assert.False(badHost.IsHealthy);
        Assert.True(badHost.Stats.HealthCheckFailures >= 2);

        bad.AnswerHeartbeats = true;
        await HealthCheckTests.WaitForHealthyHostsAsync(proxy, 2);
        Assert.Contains("bad", await ServedByAsync(stream, 10));
    }

    private static async Task WaitForHeartbeatsAsync(BoltBackend first, BoltBackend second)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (first.HeartbeatsAnswered == 0 || second.HeartbeatsAnswered == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no heartbeat reached the backends");
            await Task.Delay(20);
        }
    }

    /// <summary>Sends <paramref name="count"/> requests one by one, asserting each succeeds; returns who served each.</summary>
    private static async Task<List<string>> ServedByAsync(NetworkStream stream, int count)
    {
        var servedBy = new List<string>();
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < count; i++)
        {
            var headers = new HeaderMap();
            headers.Set("service", Service);
            output.Clear();
            BoltCodec.Instance.EncodeRequest(output, (ulong)(100 + i), headers, new ReadOnlySequence<byte>([1, 2, 3]));
            await stream.WriteAsync(output.WrittenMemory);
            var (response, body) = await ReadFrameAsync(stream);
            Assert.Equal(XFrameKind.Response, response.Kind);
            Assert.Equal("0", response.Headers.Get(BoltHeaderNames.Status));
            servedBy.Add(body);
        }

        return servedBy;
    }

    private static async Task<(XFrame Frame, string Body)> ReadFrameAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var status = BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(buffer, 0, filled), XProtocolOptions.Default, out var frame);
            if (status == XDecodeStatus.Frame)
            {
                return (frame, Encoding.UTF8.GetString(frame.Body.ToArray()));
            }

            Assert.Equal(XDecodeStatus.NeedMoreData, status);
            var read = await stream.ReadAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "connection closed before a whole frame");
            filled += read;
        }
    }

    /// <summary>
    /// A Bolt server on loopback: answers every request with a success response whose body is its name, and every
    /// heartbeat while <see cref="AnswerHeartbeats"/> (otherwise it reads and ignores them, keeping the connection).
    /// </summary>
    private sealed class BoltBackend : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly string _name;
        private readonly List<TcpClient> _peers = [];
        private readonly Task _acceptLoop;
        private int _heartbeatsAnswered;
        private volatile bool _answerHeartbeats = true;

        private BoltBackend(string name)
        {
            _name = name;
            _listener.Start();
            _acceptLoop = AcceptAsync();
        }

        public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public bool AnswerHeartbeats
        {
            get => _answerHeartbeats;
            set => _answerHeartbeats = value;
        }

        public int HeartbeatsAnswered => Volatile.Read(ref _heartbeatsAnswered);

        public static BoltBackend Start(string name) => new(name);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _acceptLoop;
            lock (_peers)
            {
                _peers.ForEach(peer => peer.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient peer;
                try
                {
                    peer = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (_peers)
                {
                    _peers.Add(peer);
                }

                _ = ServeAsync(peer);
            }
        }

        private Task ServeAsync(TcpClient peer) =>
            XFrameServer.ServeAsync(peer.GetStream(), BoltCodec.Instance, (frame, output) =>
            {
                if (frame.Kind == XFrameKind.Heartbeat && _answerHeartbeats)
                {
                    BoltCodec.Instance.EncodeHeartbeatReply(output, frame);
                    Interlocked.Increment(ref _heartbeatsAnswered);
                }
                else if (frame.Kind == XFrameKind.Request)
                {
                    var headers = new HeaderMap();
                    headers.Set(BoltHeaderNames.Status, "0");
                    BoltCodec.Instance.EncodeResponse(output, frame.RequestId, headers, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(_name)));
                }
            });
    }
}
