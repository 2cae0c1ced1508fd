using System.Net;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Network.OriginalDst;

namespace Mosn.Network.Tests.OriginalDst;

public sealed class OriginalDstListenerFilterTests
{
    private const string P = "servers[0].listeners[0].listener_filters[0].config";

    private sealed class Callbacks : IListenerFilterCallbacks
    {
        public EndPoint? RemoteAddress { get; init; }
        public EndPoint? LocalAddress { get; init; }
        public EndPoint? OriginalDestination { get; set; }
        public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();
    }

    private static (OriginalDstListenerFilter? Filter, ConfigDiagnostics Diagnostics) Create(string? json, OriginalDstMode defaultMode = OriginalDstMode.Redirect)
    {
        var diagnostics = new ConfigDiagnostics();
        var config = json is null ? default : JsonDocument.Parse(json).RootElement.Clone();
        return (OriginalDstListenerFilter.Create(config, P, diagnostics, defaultMode), diagnostics);
    }

    [Theory]
    [InlineData(null, OriginalDstMode.Redirect, false)]
    [InlineData("{}", OriginalDstMode.Redirect, false)]
    [InlineData("""{"type": "redirect"}""", OriginalDstMode.Redirect, false)]
    [InlineData("""{"type": "TPROXY", "fallback_to_local": true}""", OriginalDstMode.TProxy, true)]
    [InlineData("""{"type": ""}""", OriginalDstMode.Redirect, false)]
    public void Create_ValidConfig_ModeAndFallback(string? json, OriginalDstMode mode, bool fallback)
    {
        var (filter, diagnostics) = Create(json);

        Assert.Empty(diagnostics.Errors);
        Assert.NotNull(filter);
        Assert.Equal((mode, fallback), (filter.Mode, filter.FallbackToLocal));
    }

    [Fact]
    public void Create_NoType_TakesDefaultMode()
    {
        var (filter, _) = Create("{}", OriginalDstMode.TProxy);

        Assert.Equal(OriginalDstMode.TProxy, filter!.Mode);
    }

    [Theory]
    [InlineData("""{"type": "nat"}""", "type", "\"redirect\"")]
    [InlineData("""{"type": 1}""", "type", "\"tproxy\"")]
    [InlineData("""{"fallback_to_local": "yes"}""", "fallback_to_local", "true or false")]
    public void Create_InvalidValue_ErrorWithPath(string json, string key, string message)
    {
        var (filter, diagnostics) = Create(json);

        Assert.Null(filter);
        Assert.Contains(diagnostics.Errors, e => e.Path == $"{P}.{key}" && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_NotAnObject_Error()
    {
        var (filter, diagnostics) = Create("[]");

        Assert.Null(filter);
        Assert.Contains(diagnostics.Errors, e => e.Path == P);
    }

    [Fact]
    public void Create_UnknownKey_Warning()
    {
        var (filter, diagnostics) = Create("""{"transparent_proxy": true}""");

        Assert.NotNull(filter);
        Assert.Contains(diagnostics.Warnings, w => w.Path == $"{P}.transparent_proxy");
    }

    [Fact]
    public async Task OnAcceptAsync_TProxy_OriginalDestinationIsLocalAddress()
    {
        var local = IPEndPoint.Parse("10.0.0.5:8080");
        var callbacks = new Callbacks { LocalAddress = local, RemoteAddress = IPEndPoint.Parse("10.0.0.9:40000") };

        var status = await new OriginalDstListenerFilter(OriginalDstMode.TProxy).OnAcceptAsync(callbacks);

        Assert.Equal(FilterStatus.Continue, status);
        Assert.Equal(local, callbacks.OriginalDestination);
    }

    [Fact]
    public async Task OnAcceptAsync_RedirectWithoutSocket_NoDestinationButContinues()
    {
        var callbacks = new Callbacks { LocalAddress = IPEndPoint.Parse("10.0.0.5:8080") };

        var status = await new OriginalDstListenerFilter(OriginalDstMode.Redirect).OnAcceptAsync(callbacks);

        Assert.Equal(FilterStatus.Continue, status);
        Assert.Null(callbacks.OriginalDestination);
    }
}
