using System.Net.Sockets;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Protocols.Bolt;
using Mosn.Protocols.XProtocol;
using Mosn.Streams;

namespace Mosn.IntegrationTests.Bolt;

/// <summary>
/// Bolt v1 through the proxy with the SOFA ecosystem's own implementation on both ends: sofa-bolt-node's client →
/// a <c>bolt</c> listener → a route on the <c>service</c> header → sofa-bolt-node's server.
/// </summary>
public sealed class BoltProxyTests
{
    private const string Service = "com.alipay.test.HelloService:1.0";

    private static string RpcRoutes(string cluster, string routeExtra = "") => $$"""
        [{ "name": "rpc", "domains": ["*"], "routers": [
            { "match": { "headers": [{ "name": "service", "value": "{{Service}}" }] }, "route": { "cluster_name": "{{cluster}}" {{routeExtra}} } }
        ] }]
        """;

    private static Task<ProxyInstance> StartProxyAsync(string upstreamAddress, string routeExtra = "") =>
        ProxyInstance.StartAsync(Configs.Proxy("bolt", "bolt", RpcRoutes("sofa", routeExtra), $"[{Configs.Cluster("sofa", "LB_RANDOM", upstreamAddress)}]"));

    [Fact]
    public async Task SofaClient_ManyConcurrentRequestsAndHeartbeatsOnOneConnection_EachAnsweredRight()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address);

        var report = await NodeBolt.RunClientAsync(proxy.Address("proxy").Port, Service, "sayHello", requests: 500, heartbeats: 20);

        Assert.Equal(500, report.Results.Count);
        Assert.All(report.Results, r =>
        {
            Assert.Equal(0, r.Status);
            Assert.Null(r.Error);
            Assert.Equal($"hello {r.Arg} !", r.Value);
        });
        Assert.Equal(20, report.HeartbeatAcks);
        Assert.Equal(0, report.Unknown);
        Assert.Equal(1, server.Connections); // every request multiplexed on one upstream connection
    }

    [Fact]
    public async Task SofaServerException_PassedBackWithItsStatus()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address);

        var report = await NodeBolt.RunClientAsync(proxy.Address("proxy").Port, Service, "fail", requests: 3, heartbeats: 0);

        Assert.Equal(3, report.Results.Count);
        Assert.All(report.Results, r =>
        {
            Assert.Equal((int)BoltResponseStatus.ServerException, r.Status);
            Assert.Contains("failed on purpose", r.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task NoRoute_SofaClientGetsNoProcessor()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address);

        var report = await NodeBolt.RunClientAsync(proxy.Address("proxy").Port, "com.alipay.test.Unknown:1.0", "sayHello", requests: 2, heartbeats: 1);

        Assert.All(report.Results, r =>
        {
            Assert.Equal((int)BoltResponseStatus.NoProcessor, r.Status);
            Assert.NotNull(r.Error);
        });
        Assert.Equal(1, report.HeartbeatAcks);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task UpstreamDown_SofaClientGetsServerBusy()
    {
        await using var proxy = await StartProxyAsync(Configs.RefusedAddress());

        var report = await NodeBolt.RunClientAsync(proxy.Address("proxy").Port, Service, "sayHello", requests: 2, heartbeats: 0);

        Assert.All(report.Results, r =>
        {
            Assert.Equal((int)BoltResponseStatus.ServerThreadpoolBusy, r.Status);
            Assert.NotNull(r.Error);
        });
    }

    [Fact]
    public async Task UpstreamTimeout_SofaClientGetsTimeout()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address, """, "timeout": "300ms" """);

        var report = await NodeBolt.RunClientAsync(proxy.Address("proxy").Port, Service, "hang", requests: 2, heartbeats: 0);

        Assert.All(report.Results, r => Assert.Equal((int)BoltResponseStatus.Timeout, r.Status));
    }

    [Fact]
    public async Task MalformedFrame_ClosesOnlyThatConnection()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address);
        var port = proxy.Address("proxy").Port;

        using (var bad = new TcpClient())
        {
            await bad.ConnectAsync("127.0.0.1", port);
            var stream = bad.GetStream();
            byte[] frame = [0x01, 0x01, 0x00, 0x01, 0x01, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF]; // 2 GiB content
            await stream.WriteAsync(frame);
            int read;
            try
            {
                read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (IOException)
            {
                read = 0; // reset: closed at once, unsent bytes discarded
            }

            Assert.Equal(0, read); // closed without an answer
        }

        var report = await NodeBolt.RunClientAsync(port, Service, "sayHello", requests: 5, heartbeats: 0);
        Assert.All(report.Results, r => Assert.Equal($"hello {r.Arg} !", r.Value));
    }

    [Fact]
    public async Task CSharpClient_HeadersAndBodyPassThroughUntouched()
    {
        await using var server = await NodeBolt.StartServerAsync();
        await using var proxy = await StartProxyAsync(server.Address);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();

        // A hand-encoded heartbeat: answered by the proxy itself with the same id.
        var output = new ArrayBufferWriter<byte>();
        BoltCodec.Instance.EncodeHeartbeat(output, 31);
        await stream.WriteAsync(output.WrittenMemory);
        var ack = await ReadFrameAsync(stream);
        Assert.Equal(XFrameKind.HeartbeatAck, ack.Kind);
        Assert.Equal(31UL, ack.RequestId);

        // A request for an unrouted service with an opaque body: NoProcessor, same id.
        var headers = new HeaderMap();
        headers.Set("service", "nope");
        output.Clear();
        BoltCodec.Instance.EncodeRequest(output, 0xFFFFFFF0, headers, new ReadOnlySequence<byte>([1, 2, 3]));
        await stream.WriteAsync(output.WrittenMemory);
        var response = await ReadFrameAsync(stream);
        Assert.Equal(0xFFFFFFF0UL, response.RequestId);
        Assert.Equal("6", response.Headers.Get(BoltHeaderNames.Status));
    }

    [Fact]
    public async Task FrameTimeout_ShortTimeoutToSilentServer_TimeoutWellBeforeRouteDefault()
    {
        // An upstream that accepts and reads but never answers; the route has no timeout of its own (60 s default).
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var acceptLoop = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient peer;
                try
                {
                    peer = await silent.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                lock (accepted)
                {
                    accepted.Add(peer);
                }

                _ = peer.GetStream().CopyToAsync(Stream.Null);
            }
        });

        await using var proxy = await StartProxyAsync($"127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}");
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();

        var headers = new HeaderMap();
        headers.Set(BoltHeaderNames.Timeout, "300");
        headers.Set("service", Service);
        var output = new ArrayBufferWriter<byte>();
        BoltCodec.Instance.EncodeRequest(output, 77, headers, new ReadOnlySequence<byte>([1, 2, 3]));
        await stream.WriteAsync(output.WrittenMemory);

        // The frame's 300 ms applies, not the route's 60 s: the answer comes well inside the read's 10 s limit.
        var response = await ReadFrameAsync(stream);
        Assert.Equal(77UL, response.RequestId);
        Assert.Equal(((int)BoltResponseStatus.Timeout).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.Get(BoltHeaderNames.Status));

        silent.Stop();
        await acceptLoop;
        lock (accepted)
        {
            Assert.NotEmpty(accepted); // the request did reach the upstream
            accepted.ForEach(peer => peer.Dispose());
        }
    }

    [Fact]
    public async Task BoltV2Listener_V1AndV2FramesOnOneConnection_EachAnsweredInItsVersion_BadCrcCloses()
    {
        await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy(BoltV2Protocol.Name, BoltV2Protocol.Name, RpcRoutes("sofa"),
            $"[{Configs.Cluster("sofa", "LB_RANDOM", Configs.RefusedAddress())}]"));
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();
        var crc = new HeaderMap();
        crc.Set(BoltHeaderNames.ProtocolCode, "2");
        crc.Set(BoltHeaderNames.ProtocolVersion, "2");
        crc.Set(BoltHeaderNames.Switch, "1");
        crc.Set("service", "nope");
        var v1 = new HeaderMap();
        v1.Set(BoltHeaderNames.ProtocolCode, "1");
        v1.Set("service", "nope");

        // A v2 heartbeat with a CRC, an unrouted v1 request, an unrouted v2 request with a CRC: written at once.
        var output = new ArrayBufferWriter<byte>();
        BoltCodec.V2.EncodeRequest(output, 1, WithField(crc, BoltHeaderNames.CommandCode, "0"), ReadOnlySequence<byte>.Empty);
        BoltCodec.V2.EncodeRequest(output, 2, v1, new ReadOnlySequence<byte>([1, 2, 3]));
        BoltCodec.V2.EncodeRequest(output, 3, crc, new ReadOnlySequence<byte>([4, 5, 6]));
        await stream.WriteAsync(output.WrittenMemory);

        var answers = new Dictionary<ulong, XFrame>();
        var buffer = new byte[4096];
        var filled = 0;
        while (answers.Count < 3)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "connection closed early");
            filled += read;
            var sequence = new ReadOnlySequence<byte>(buffer, 0, filled);
            while (BoltCodec.V2.Decode(sequence, XProtocolOptions.Default, out var frame) == XDecodeStatus.Frame)
            {
                answers[frame.RequestId] = frame;
                sequence = sequence.Slice(frame.Length);
            }

            sequence.CopyTo(buffer);
            filled = (int)sequence.Length;
        }

        Assert.Equal(XFrameKind.HeartbeatAck, answers[1].Kind);
        Assert.Equal(("2", "2", "1"), Version(answers[1]));
        Assert.Equal("1", answers[2].Headers.Get(BoltHeaderNames.ProtocolCode));
        Assert.Equal("6", answers[2].Headers.Get(BoltHeaderNames.Status));
        Assert.Equal(("2", "2", "1"), Version(answers[3]));
        Assert.Equal("6", answers[3].Headers.Get(BoltHeaderNames.Status));

        // A v2 frame whose CRC does not match: the connection closes without an answer.
        output.Clear();
        BoltCodec.V2.EncodeRequest(output, 4, crc, new ReadOnlySequence<byte>([7]));
        var corrupt = output.WrittenSpan.ToArray();
        corrupt[^1] ^= 0xFF;
        await stream.WriteAsync(corrupt);
        int closed;
        try
        {
            closed = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            closed = 0; // reset
        }

        Assert.Equal(0, closed);

        static (string?, string?, string?) Version(XFrame frame) =>
            (frame.Headers.Get(BoltHeaderNames.ProtocolCode), frame.Headers.Get(BoltHeaderNames.ProtocolVersion), frame.Headers.Get(BoltHeaderNames.Switch));
    }

    private static HeaderMap WithField(HeaderMap source, string name, string value)
    {
        var copy = new HeaderMap();
        foreach (var (k, v) in source)
        {
            copy.Set(k, v);
        }

        copy.Set(name, value);
        return copy;
    }

    /// <summary>
    /// Decoded Bolt header maps are reused (returned by the proxy when each stream ends): 200 pipelined requests on one
    /// connection, each with its own id header and 0–39 extra headers, multiplexed upstream; every response must carry
    /// exactly its own request's echo.
    /// </summary>
    [Fact]
    public async Task CSharpClient_ManyPipelinedRequestsWithDistinctHeaders_EachResponseEchoesItsOwn()
    {
        using var upstream = new TcpListener(System.Net.IPAddress.Loopback, 0);
        upstream.Start();
        var echo = Task.Run(async () =>
        {
            using var peer = await upstream.AcceptTcpClientAsync();
            await XFrameServer.ServeAsync(peer.GetStream(), BoltCodec.Instance, (frame, output) =>
            {
                if (frame.Kind == XFrameKind.Request)
                {
                    var headers = new HeaderMap();
                    headers.Set(BoltHeaderNames.Status, "0");
                    var extras = frame.Headers.Count(h => h.Key.StartsWith("x-extra-", StringComparison.Ordinal) && h.Value == frame.Headers.Get("x-id"));
                    headers.Set("x-echo", $"{frame.Headers.Get("x-id")}/{extras}");
                    BoltCodec.Instance.EncodeResponse(output, frame.RequestId, headers, frame.Body);
                }
            });
        });
        await using var proxy = await StartProxyAsync($"127.0.0.1:{((System.Net.IPEndPoint)upstream.LocalEndpoint).Port}");
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();

        var expected = new Dictionary<ulong, (string Echo, byte[] Body)>();
        var requests = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 200; i++)
        {
            var id = (ulong)(1000 + i);
            var headers = new HeaderMap();
            headers.Set("service", Service);
            headers.Set("x-id", $"r{i}");
            for (var k = 0; k < i * 7 % 40; k++)
            {
                headers.Set($"x-extra-{k}", $"r{i}");
            }

            var body = System.Text.Encoding.UTF8.GetBytes($"body of r{i}");
            BoltCodec.Instance.EncodeRequest(requests, id, headers, new ReadOnlySequence<byte>(body));
            expected[id] = ($"r{i}/{i * 7 % 40}", body);
        }

        await stream.WriteAsync(requests.WrittenMemory);

        var seen = new HashSet<ulong>();
        var pending = new byte[1 << 20];
        var have = 0;
        while (seen.Count < expected.Count)
        {
            var read = await stream.ReadAsync(pending.AsMemory(have)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "connection closed before every response");
            have += read;
            var consumed = 0;
            while (BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(pending, consumed, have - consumed), XProtocolOptions.Default, out var frame) == XDecodeStatus.Frame)
            {
                consumed += (int)frame.Length;
                Assert.True(expected.TryGetValue(frame.RequestId, out var want), $"unexpected id {frame.RequestId}");
                Assert.True(seen.Add(frame.RequestId), $"id {frame.RequestId} answered twice");
                Assert.Equal("0", frame.Headers.Get(BoltHeaderNames.Status));
                Assert.Equal(want.Echo, frame.Headers.Get("x-echo"));
                Assert.Equal(want.Body, frame.Body.ToArray());
            }

            Buffer.BlockCopy(pending, consumed, pending, 0, have - consumed);
            have -= consumed;
        }

        client.Close();
        upstream.Stop();
    }

    private static async Task<XFrame> ReadFrameAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var status = BoltCodec.Instance.Decode(new ReadOnlySequence<byte>(buffer, 0, filled), XProtocolOptions.Default, out var frame);
            if (status == XDecodeStatus.Frame)
            {
                return frame;
            }

            Assert.Equal(XDecodeStatus.NeedMoreData, status);
            var read = await stream.ReadAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0, "connection closed before a whole frame");
            filled += read;
        }
    }
}
