using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.IntegrationTests.Protos;

namespace Mosn.IntegrationTests.Grpc;

/// <summary>
/// Grpc.Net.Client through the proxy (downstream Http2, upstream Http2) to a Grpc.AspNetCore backend: every call kind,
/// long streams, cancellation, statuses, trailers and deadlines, and the gRPC statuses the proxy answers itself.
/// </summary>
public sealed class GrpcProxyTests
{
    private static async Task<(GrpcBackend Backend, ProxyInstance Proxy)> StartAsync(string? virtualHosts = null)
    {
        var backend = await GrpcBackend.StartAsync();
        try
        {
            var config = Configs.Proxy("Http2", "Http2", virtualHosts ?? Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
            return (backend, await ProxyInstance.StartAsync(config));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private static GrpcChannel Channel(ProxyInstance proxy) => GrpcChannel.ForAddress(proxy.Url("proxy"), new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = false },
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });

    private static ByteString Payload(long seed, int length)
    {
        var bytes = new byte[length];
        new Random((int)seed).NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static void AssertCustomTrailers(Metadata trailers, string expected)
    {
        Assert.Equal("trailer-" + expected, trailers.GetValue("x-custom-trailer"));
        Assert.Equal(EchoService.BinaryTrailer, trailers.GetValueBytes("x-custom-bin"));
    }

    [Fact]
    public async Task Unary_EchoWithMetadata_ReplyHeadersAndTrailersPassThrough()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var payload = Payload(1, 100_000);
        using var call = client.UnaryAsync(new EchoRequest { Text = "hi", Sequence = 42, Payload = payload }, new Metadata { { "x-client-header", "from-client" } });
        var reply = await call.ResponseAsync;
        Assert.Equal("hi", reply.Text);
        Assert.Equal(42, reply.Sequence);
        Assert.Equal(payload, reply.Payload);
        Assert.Equal("from-client", (await call.ResponseHeadersAsync).GetValue("x-echo-header"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        AssertCustomTrailers(call.GetTrailers(), "hi");
    }

    [Fact]
    public async Task Unary_500ConcurrentCalls_AllAnswered()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i => await client.UnaryAsync(new EchoRequest { Text = $"m{i}", Sequence = i })));
        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Equal($"m{i}", replies[i].Text);
            Assert.Equal(i, replies[i].Sequence);
        }

        Assert.Equal(500, backend.Calls);
    }

    [Fact]
    public async Task ClientStreaming_1000Messages_CountedAndConcatenated()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        using var call = client.Collect();
        var expected = new System.Text.StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), Payload = Payload(i, 1024) });
            expected.Append(i % 10);
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;
        Assert.Equal(1000, reply.Count);
        Assert.Equal(1000 * 1024, reply.Sequence);
        Assert.Equal(expected.ToString(), reply.Text);
        AssertCustomTrailers(call.GetTrailers(), "collect");
    }

    [Fact]
    public async Task ServerStreaming_2000Replies_AllInOrderThenTrailers()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var payload = Payload(3, 2048);
        using var call = client.Expand(new EchoRequest { Text = "x", Count = 2000, Payload = payload }, new Metadata { { "x-client-header", "stream" } });
        long next = 0;
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(next++, reply.Sequence);
            Assert.Equal(payload, reply.Payload);
        }

        Assert.Equal(2000, next);
        Assert.Equal("stream", (await call.ResponseHeadersAsync).GetValue("x-echo-header"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        AssertCustomTrailers(call.GetTrailers(), "expand");
    }

    [Fact]
    public async Task Bidi_5000Messages_EveryOneEchoedInOrder()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        const int count = 5000;
        using var call = client.Chat();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}", Sequence = i, Payload = Payload(i, i % 700) });
            }

            await call.RequestStream.CompleteAsync();
        });
        long next = 0;
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(next, reply.Sequence);
            Assert.Equal($"m{next}", reply.Text);
            Assert.Equal(Payload(next, (int)(next % 700)), reply.Payload);
            next++;
        }

        await writer;
        Assert.Equal(count, next);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        AssertCustomTrailers(call.GetTrailers(), "chat");
    }

    [Fact]
    public async Task Bidi_ClientCancelsMidStream_BackendObservesAndCallEndsCancelled()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        using var cts = new CancellationTokenSource();
        using var call = client.Chat(cancellationToken: cts.Token);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Sequence = i });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(i, call.ResponseStream.Current.Sequence);
        }

        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal("Chat", await backend.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        // The channel's connection survives the reset stream.
        Assert.Equal("after", (await client.UnaryAsync(new EchoRequest { Text = "after" })).Text);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, "no such thing")]
    [InlineData(StatusCode.PermissionDenied, "denied: ünïcödé 100% / ok")]
    [InlineData(StatusCode.Internal, "boom")]
    public async Task Unary_ServerFailsWithStatus_StatusMessageAndTrailersReachClient(StatusCode code, string message)
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new EchoRequest { Text = $"fail:{(int)code}:{message}" }));
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
        Assert.Equal($"detail-{(int)code}", error.Trailers.GetValue("x-error-detail"));
    }

    [Fact]
    public async Task Unary_DeadlineShorterThanBackendDelay_DeadlineExceededAndBackendCancelled()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        // The deadline leaves the call ample time to reach the backend even on a loaded machine, so the backend has
        // something to cancel; the backend's delay is far longer than the deadline.
        using var call = client.UnaryAsync(new EchoRequest { Text = "delay:30000" }, deadline: DateTime.UtcNow.AddSeconds(2));
        await backend.DelayStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("Unary", await backend.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Unary_RouteTimeout_ProxyAnswersDeadlineExceeded()
    {
        var (backend, proxy) = await StartAsync(Configs.CatchAll("c", """, "timeout": "300ms" """));
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new EchoRequest { Text = "delay:5000" }));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Unary_UpstreamDown_ProxyAnswersUnavailableWithGrpcStatus()
    {
        var clusters = $"[{Configs.Cluster("c", "LB_ROUNDROBIN", Configs.RefusedAddress())}]";
        await using var proxy = await ProxyInstance.StartAsync(Configs.Proxy("Http2", "Http2", Configs.CatchAll("c"), clusters));
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new EchoRequest { Text = "x" }));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("14", await RawGrpcStatusAsync(proxy));
    }

    [Fact]
    public async Task Unary_NoRoute_ProxyAnswersUnimplementedWithGrpcStatus()
    {
        var (backend, proxy) = await StartAsync(Configs.OnlyDomain("only.example", "c"));
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new EchoRequest { Text = "x" }));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("12", await RawGrpcStatusAsync(proxy));
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Unary_3MiBMessageEachWay_EchoedIdentical()
    {
        var (backend, proxy) = await StartAsync();
        await using var b = backend;
        await using var p = proxy;
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        var payload = Payload(9, 3 * 1024 * 1024); // under Grpc.AspNetCore's default 4 MiB receive limit
        var reply = await client.UnaryAsync(new EchoRequest { Text = "big", Payload = payload });
        Assert.Equal(payload, reply.Payload);
    }

    [Fact]
    public async Task Unary_AutoDownstream_DetectedAsHttp2AndAnswered()
    {
        var backend = await GrpcBackend.StartAsync();
        await using var b = backend;
        var config = Configs.Proxy("Auto", "Http2", Configs.CatchAll("c"), $"[{Configs.Cluster("c", "LB_RANDOM", backend.Address)}]");
        await using var proxy = await ProxyInstance.StartAsync(config);
        using var channel = Channel(proxy);
        var client = new Echo.EchoClient(channel);
        using var call = client.Chat();
        for (var i = 0; i < 100; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Sequence = i });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(i, call.ResponseStream.Current.Sequence);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    /// <summary>
    /// Sends one unary Echo/Unary call as a plain HTTP/2 request and returns the grpc-status the answer carries (in the
    /// headers of a trailers-only response, or in the trailers). HttpClient does not map HTTP statuses to gRPC codes,
    /// so this sees exactly what the proxy put on the wire; the HTTP status must be 200 for gRPC clients to honour it.
    /// </summary>
    private static async Task<string?> RawGrpcStatusAsync(ProxyInstance proxy)
    {
        using var client = Http2Clients.Create();
        using var request = Http2Clients.Request(HttpMethod.Post, new Uri(proxy.Url("proxy"), "/mosn.test.Echo/Unary"));
        request.Headers.TryAddWithoutValidation("te", "trailers");
        var message = new EchoRequest { Text = "x" }.ToByteArray();
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        request.Content = new ByteArrayContent(frame);
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.Single()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers.Single()
            : null;
    }
}
