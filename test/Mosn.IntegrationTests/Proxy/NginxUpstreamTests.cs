using System.Net;
using System.Security.Cryptography;
using Mosn.IntegrationTests.Infrastructure;

namespace Mosn.IntegrationTests.Proxy;

/// <summary>The proxy in front of a real nginx.</summary>
public sealed class NginxUpstreamTests
{
    [Fact]
    public async Task Nginx_SmallAndLargeAndPost_AllThroughProxy()
    {
        await using var nginx = await NginxServer.StartAsync();
        var big = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        await File.WriteAllBytesAsync(Path.Combine(nginx.Root, "big.bin"), big);
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("n"), $"[{Configs.Cluster("n", "LB_RANDOM", nginx.Address)}]"));
        using var client = Clients.Create();
        var url = proxy.Url("proxy");

        for (var i = 0; i < 50; i++)
        {
            using var text = await client.GetAsync(new Uri(url, "/text"));
            Assert.Equal(HttpStatusCode.OK, text.StatusCode);
            Assert.Equal("nginx text\n", await text.Content.ReadAsStringAsync());
        }

        using var index = await client.GetAsync(new Uri(url, "/"));
        Assert.Equal("hello from nginx\n", await index.Content.ReadAsStringAsync());
        using var file = await client.GetAsync(new Uri(url, "/big.bin"));
        Assert.Equal(SHA256.HashData(big), SHA256.HashData(await file.Content.ReadAsByteArrayAsync()));
        using var missing = await client.GetAsync(new Uri(url, "/nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var post = await client.PostAsync(new Uri(url, "/post"), new ByteArrayContent(new byte[3 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri(url, "/big.bin"));
        using var headResponse = await client.SendAsync(head);
        Assert.Equal(big.Length, headResponse.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Nginx_AnswersBeforeReadingUpload_ClientSendsRestAfterAnswer_NoReset()
    {
        // nginx answers "return 200" without reading the body; the proxy relays the answer and closes the client
        // connection. It must drain what the client still sends (lingering close): a reset would fail the client.
        await using var nginx = await NginxServer.StartAsync();
        await using var proxy = await ProxyInstance.StartAsync(Configs.Http1Proxy(Configs.CatchAll("n"), $"[{Configs.Cluster("n", "LB_RANDOM", nginx.Address)}]"));
        const int bodyLength = 4 * 1024 * 1024;
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.Address("proxy"));
        var head = System.Text.Encoding.ASCII.GetBytes($"POST /post HTTP/1.1\r\nHost: n\r\nContent-Length: {bodyLength}\r\n\r\n");
        await socket.SendAsync(head, System.Net.Sockets.SocketFlags.None);
        var chunk = new byte[64 * 1024];
        await socket.SendAsync(chunk, System.Net.Sockets.SocketFlags.None);

        // The whole answer arrives while most of the body is still unsent.
        var answer = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, n);
            answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }

        Assert.StartsWith("HTTP/1.1 200", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("connection: close", answer.ToString().ToLowerInvariant(), StringComparison.Ordinal);

        // The rest of the body goes out without a reset; then the client ends and sees an orderly close.
        for (var sent = chunk.Length; sent < bodyLength; sent += chunk.Length)
        {
            await socket.SendAsync(chunk, System.Net.Sockets.SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        while (await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10)) > 0)
        {
        }

        using var client = Clients.Create();
        using var post = await client.PostAsync(new Uri(proxy.Url("proxy"), "/post"), new ByteArrayContent(new byte[bodyLength]));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }
}
