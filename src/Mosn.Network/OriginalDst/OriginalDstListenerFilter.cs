using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;

namespace Mosn.Network.OriginalDst;

/// <summary>
/// The <c>original_dst</c> listener filter (MOSN's <c>pkg/filter/listener/originaldst</c>): restores the destination
/// a redirected connection was originally addressed to, so that the listener can hand the connection to the listener
/// of that address and an <c>ORIGINAL_DST</c> cluster can connect to it.
/// </summary>
/// <remarks>
/// <para>Config (<c>listener_filters[].config</c>): <c>type</c> <c>"redirect"</c> (default: <c>SO_ORIGINAL_DST</c>) or
/// <c>"tproxy"</c> (the local address), and <c>fallback_to_local</c> (hand-off falls back to a listener on 127.0.0.1
/// rather than on 0.0.0.0 for the destination's port).</para>
/// <para>The filter never rejects a connection: with no original destination (not redirected, no connection tracking,
/// not Linux) the connection simply stays on the accepting listener, as in MOSN. Stateless; thread-safe.</para>
/// </remarks>
public sealed class OriginalDstListenerFilter : IListenerFilter
{
    /// <summary>The filter's type name in <c>listener_filters</c>.</summary>
    public const string TypeName = "original_dst";

    private readonly Func<IListenerFilterCallbacks, Socket?, EndPoint?> _resolve;

    /// <summary>A filter reading the destination the way <paramref name="mode"/> says.</summary>
    public OriginalDstListenerFilter(OriginalDstMode mode, bool fallbackToLocal = false)
        : this(mode == OriginalDstMode.TProxy ? FromLocalAddress : FromConnectionTracking, fallbackToLocal)
    {
        Mode = mode;
    }

    /// <summary>A filter whose destination comes from <paramref name="resolve"/> (tests: no iptables needed).</summary>
    internal OriginalDstListenerFilter(Func<IListenerFilterCallbacks, Socket?, EndPoint?> resolve, bool fallbackToLocal = false)
    {
        _resolve = resolve;
        FallbackToLocal = fallbackToLocal;
    }

    /// <summary>Where the destination is read from.</summary>
    public OriginalDstMode Mode { get; }

    /// <summary>Hand-off falls back to a loopback listener instead of a wildcard one (<c>fallback_to_local</c>).</summary>
    public bool FallbackToLocal { get; }

    /// <inheritdoc />
    /// <remarks>Sets <see cref="IListenerFilterCallbacks.OriginalDestination"/> when there is one; always continues.</remarks>
    public ValueTask<FilterStatus> OnAcceptAsync(IListenerFilterCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        var ours = callbacks as ListenerFilterCallbacks;
        if (_resolve(callbacks, ours?.Socket) is { } destination)
        {
            callbacks.OriginalDestination = destination;
            if (ours is not null)
            {
                ours.HandOffFallbackToLocal = FallbackToLocal;
            }
        }

        return ValueTask.FromResult(FilterStatus.Continue);
    }

    /// <summary>
    /// Builds the filter from its config (<c>type</c>, <c>fallback_to_local</c>; an absent or null config gives the
    /// defaults: <paramref name="defaultMode"/>). Returns null and adds errors at <paramref name="path"/> when the config
    /// is invalid; unknown keys get a warning.
    /// </summary>
    public static OriginalDstListenerFilter? Create(JsonElement config, string path, ConfigDiagnostics diagnostics, OriginalDstMode defaultMode = OriginalDstMode.Redirect)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var mode = defaultMode;
        var fallbackToLocal = false;
        if (config.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new OriginalDstListenerFilter(mode);
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            diagnostics.AddError(path, "the original_dst config must be an object, e.g. {\"type\": \"redirect\"}");
            return null;
        }

        var errors = diagnostics.Errors.Count;
        foreach (var property in config.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            switch (property.Name.ToLowerInvariant())
            {
                case "type":
                    if (property.Value.ValueKind == JsonValueKind.String && TryParseMode(property.Value.GetString()!, out var parsed))
                    {
                        mode = parsed ?? defaultMode;
                    }
                    else
                    {
                        diagnostics.AddError(at, "type must be \"redirect\" (SO_ORIGINAL_DST, iptables REDIRECT) or \"tproxy\" (the local address, iptables TPROXY)");
                    }

                    break;
                case "fallback_to_local":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        fallbackToLocal = property.Value.GetBoolean();
                    }
                    else
                    {
                        diagnostics.AddError(at, "fallback_to_local must be true or false");
                    }

                    break;
                default:
                    diagnostics.AddWarning(at, $"unknown key \"{property.Name}\" of the original_dst listener filter (it has \"type\" and \"fallback_to_local\"); ignored");
                    break;
            }
        }

        return diagnostics.Errors.Count > errors ? null : new OriginalDstListenerFilter(mode, fallbackToLocal);
    }

    /// <summary>
    /// Parses a mode name (<c>redirect</c>, <c>tproxy</c>, any case); an empty name parses to null (the default).
    /// False for anything else.
    /// </summary>
    public static bool TryParseMode(string text, out OriginalDstMode? mode)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.ToLowerInvariant())
        {
            case "":
                mode = null;
                return true;
            case "redirect":
                mode = OriginalDstMode.Redirect;
                return true;
            case "tproxy":
                mode = OriginalDstMode.TProxy;
                return true;
            default:
                mode = null;
                return false;
        }
    }

    private static EndPoint? FromConnectionTracking(IListenerFilterCallbacks callbacks, Socket? socket) =>
        socket is null ? null : SocketOriginalDestination.Get(socket);

    private static EndPoint? FromLocalAddress(IListenerFilterCallbacks callbacks, Socket? socket) =>
        callbacks.LocalAddress is IPEndPoint local ? local : null;
}
