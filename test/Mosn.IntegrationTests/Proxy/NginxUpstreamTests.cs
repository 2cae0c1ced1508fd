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
}
