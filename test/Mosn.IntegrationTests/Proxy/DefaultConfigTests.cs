using System.Net;
using Mosn.Hosting;
using Mosn.IntegrationTests.Infrastructure;
using Mosn.Testing;

namespace Mosn.IntegrationTests.Proxy;

public sealed class DefaultConfigTests
{
    [Fact]
    public async Task EmbeddedDefault_ClientListener_AnswersThroughTwoHops()
    {
        var loaded = MosnApplication.Load(null);
        Assert.NotNull(loaded.Config);
        Assert.False(loaded.Diagnostics.HasErrors, string.Join("\n", loaded.Diagnostics.Errors));
        var registry = BuiltInExtensions.CreateBuilder(TestLogging.Factory).Build();
        var server = MosnServer.TryCreate(loaded.Config!, registry, TestLogging.Factory, TimeProvider.System, loaded.Diagnostics);
        Assert.NotNull(server);
        await server!.StartAsync(CancellationToken.None);
        try
        {
            using var client = Clients.Create();
            using var response = await client.GetAsync(new Uri("http://127.0.0.1:2045/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Welcome to MOSN!\nThe Cloud-Native Network Proxy Platform.\n", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await server.StopAsync(TimeSpan.FromSeconds(2));
        }
    }
}
