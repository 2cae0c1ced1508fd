using System.Net.Sockets;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Protocols.Dubbo;
using Mosn.Protocols.XProtocol;

namespace Mosn.IntegrationTests.Dubbo;

/// <summary>
/// Dubbo through the proxy: requests encoded by hessian.js (Node.js) → a <c>dubbo</c> listener → routes on the
/// <c>service</c> and <c>method</c> headers the codec reads from the Hessian2 body → C# Dubbo servers.
/// </summary>
public sealed class DubboProxyTests
{
    private const string Demo = "com.example.DemoService";

    private static string Routes() => $$"""
        [{ "name": "rpc", "domains": ["*"], "routers": [
            { "match": { "headers": [{ "name": "service", "value": "{{Demo}}" }, { "name": "method", "value": "sayBye" }] }, "route": { "cluster_name": "bye" } },
            { "match": { "headers": [{ "name": "service", "value": "{{Demo}}" }] }, "route": { "cluster_name": "demo" } }
        ] }]
        """;

    private static Task<ProxyInstance> StartProxyAsync(DubboTestServer demo, DubboTestServer bye) =>
        ProxyInstance.StartAsync(Configs.Proxy("dubbo", "dubbo", Routes(),
            $"[{Configs.Cluster("demo", "LB_RANDOM", demo.Address)}, {Configs.Cluster("bye", "LB_RANDOM", bye.Address)}]"));

    [Fact]
    public async Task HessianJsRequests_RoutedOnServiceAndMethod_IdsAndBodiesBack()
    {
        await using var demo = new DubboTestServer("demo");
        await using var bye = new DubboTestServer("bye");
        await using var proxy = await StartProxyAsync(demo, bye);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();

        // Pipelined on one connection, ids the proxy must give back (64-bit ones included).
        byte[] requests =
        [
            .. await NodeDubbo.RequestAsync(1, Demo, "sayHello"),
            .. await NodeDubbo.RequestAsync(0xF000000000000002, Demo, "sayBye"),
            .. await NodeDubbo.RequestAsync(3, "com.example.Unknown", "sayHello"),
            .. DubboTestServer.Frame(0xe2, 0, 4, [(byte)'N']), // heartbeat: answered by the proxy
        ];
        await stream.WriteAsync(requests);

        var answers = new Dictionary<ulong, XFrame>();
        for (var i = 0; i < 4; i++)
        {
            var frame = await ReadFrameAsync(stream);
            answers[frame.RequestId] = frame;
        }

        Assert.Equal("20", answers[1].Headers.Get(DubboHeaderNames.Status));
        Assert.Equal("demo:sayHello", HessianText(answers[1]));
        Assert.Equal("bye:sayBye", HessianText(answers[0xF000000000000002]));
        Assert.Equal(((int)DubboStatus.ServiceNotFound).ToString(System.Globalization.CultureInfo.InvariantCulture), answers[3].Headers.Get(DubboHeaderNames.Status));
        Assert.Equal(XFrameKind.HeartbeatAck, answers[4].Kind);
        Assert.Equal(1, demo.Connections);
        Assert.Equal(1, bye.Connections);
    }

    [Fact]
    public async Task TimeoutAttachment_SilentMethod_ClientTimeoutWellBeforeRouteDefault()
    {
        await using var demo = new DubboTestServer("demo");
        await using var bye = new DubboTestServer("bye");
        await using var proxy = await StartProxyAsync(demo, bye);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.Address("proxy"));
        var stream = client.GetStream();

        await stream.WriteAsync(await NodeDubbo.RequestAsync(9, Demo, "hang", timeoutMs: 300));

        // The attachment's 300 ms applies, not the route's 60 s: the answer comes well inside the read's 10 s limit.
        var frame = await ReadFrameAsync(stream);
        Assert.Equal(9UL, frame.RequestId);
        Assert.Equal(((int)DubboStatus.ClientTimeout).ToString(System.Globalization.CultureInfo.InvariantCulture), frame.Headers.Get(DubboHeaderNames.Status));
    }

    [Fact]
    public async Task MalformedFrame_ClosesOnlyThatConnection()
    {
        await using var demo = new DubboTestServer("demo");
        await using var bye = new DubboTestServer("bye");
        await using var proxy = await StartProxyAsync(demo, bye);

        using (var bad = new TcpClient())
        {
            await bad.ConnectAsync(proxy.Address("proxy"));
            var stream = bad.GetStream();
            await stream.WriteAsync(DubboTestServer.Frame(0xc2, 0, 1, [0x41])); // a body that is no Hessian2 string
            int read;
            try
            {
                read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (IOException)
            {
                read = 0;
            }

            Assert.Equal(0, read);
        }

        using var good = new TcpClient();
        await good.ConnectAsync(proxy.Address("proxy"));
        await good.GetStream().WriteAsync(await NodeDubbo.RequestAsync(2, Demo, "sayHello"));
        Assert.Equal("demo:sayHello", HessianText(await ReadFrameAsync(good.GetStream())));
    }

    /// <summary>The string after RESPONSE_VALUE (0x91) in a compact Hessian2 response body.</summary>
    private static string HessianText(in XFrame frame)
    {
        var body = frame.Body.ToArray();
        Assert.Equal(0x91, body[0]);
        return System.Text.Encoding.UTF8.GetString(body, 2, body[1]);
    }

    private static async Task<XFrame> ReadFrameAsync(NetworkStream stream)
    {
        // One frame at a time: read the 16-byte header, then exactly its body, so no bytes of the next frame are taken.
        var head = new byte[16];
        await stream.ReadExactlyAsync(head).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(12));
        var frame = new byte[16 + length];
        head.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(16)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(XDecodeStatus.Frame, DubboCodec.Instance.Decode(new ReadOnlySequence<byte>(frame), XProtocolOptions.Default, out var decoded));
        return decoded;
    }
}
