using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Proxy.AccessLog;

namespace Mosn.Proxy;

/// <summary>The <c>proxy</c> network filter type: the L7 proxy (downstream streams → routes → clusters → upstream streams).</summary>
public sealed class ProxyNetworkFilterFactory : INetworkFilterFactory
{
    /// <summary>The type name in config.</summary>
    public const string TypeName = "proxy";

    private static readonly HashSet<string> s_ignoredKeys = ["router_handler_name", "concurrency_num", "validate_clusters"];

    /// <inheritdoc />
    public string Name => TypeName;

    /// <inheritdoc />
    public IFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context)
    {
        var parsed = Parse(config, path, diagnostics, context);
        if (parsed is null)
        {
            return null;
        }

        // The listener's access_logs are written by its proxy (MOSN logs at the end of each proxied stream).
        var accessLogs = AccessLogRecorderFactory.Create(context.Listener, context.TimeProvider, diagnostics);
        if (accessLogs is null && context.Listener.AccessLogs.Count > 0)
        {
            return null;
        }

        return new ProxyFilterChainFactory(parsed, context, accessLogs);
    }

    internal static ProxyConfig? Parse(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            diagnostics.AddError(path, "the proxy filter needs a config object");
            return null;
        }

        var errors = diagnostics.Errors.Count;
        var result = new ProxyConfig();
        foreach (var property in config.EnumerateObject())
        {
            var p = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "name":
                    result = result with { Name = ReadString(property.Value, p, diagnostics) };
                    break;
                case "downstream_protocol":
                    result = result with { DownstreamProtocol = ReadString(property.Value, p, diagnostics) ?? "Auto" };
                    break;
                case "upstream_protocol":
                    // MOSN: "Auto" upstream means the protocol the downstream connection turned out to speak.
                    var upstream = ReadString(property.Value, p, diagnostics);
                    result = result with { UpstreamProtocol = string.Equals(upstream, ProtocolNames.Auto, StringComparison.OrdinalIgnoreCase) ? null : upstream };
                    break;
                case "router_config_name":
                    result = result with { RouterConfigName = ReadString(property.Value, p, diagnostics) ?? "" };
                    break;
                case "extend_config":
                    result = result with { ProtocolOptions = ParseExtendConfig(property.Value, p, diagnostics) };
                    break;
                case "fallback_for_unknown_protocol":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        result = result with { FallbackForUnknownProtocol = property.Value.GetBoolean() };
                    }
                    else
                    {
                        diagnostics.AddError(p, "expected true or false");
                    }

                    break;
                case "use_remote_address":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        result = result with { UseRemoteAddress = property.Value.GetBoolean() };
                    }
                    else
                    {
                        diagnostics.AddError(p, "expected true or false");
                    }

                    break;
                default:
                    if (s_ignoredKeys.Contains(property.Name))
                    {
                        diagnostics.AddWarning(p, "ignored: not supported by Mosn.NET yet");
                    }
                    else
                    {
                        diagnostics.AddWarning(p, "unknown key");
                    }

                    break;
            }
        }

        if (string.Equals(result.DownstreamProtocol, ProtocolNames.X, StringComparison.OrdinalIgnoreCase))
        {
            // MOSN 1.x's legacy form: "X" with the real protocol in extend_config.sub_protocol.
            if (config.TryGetProperty("extend_config", out var extend) && extend.ValueKind == JsonValueKind.Object
                && extend.TryGetProperty("sub_protocol", out var sub) && sub.ValueKind == JsonValueKind.String)
            {
                var name = sub.GetString()!;
                result = result with
                {
                    DownstreamProtocol = name,
                    UpstreamProtocol = result.UpstreamProtocol is { } legacyUp && string.Equals(legacyUp, ProtocolNames.X, StringComparison.OrdinalIgnoreCase) ? name : result.UpstreamProtocol,
                };
            }
            else
            {
                diagnostics.AddError($"{path}.extend_config.sub_protocol", "downstream_protocol \"X\" needs extend_config.sub_protocol (e.g. \"bolt\")");
            }
        }

        if (!string.Equals(result.DownstreamProtocol, ProtocolNames.Auto, StringComparison.OrdinalIgnoreCase))
        {
            // One protocol, or MOSN's comma-separated detection scope ("Http1,Http2").
            foreach (var name in result.DownstreamProtocol.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!context.Protocols.TryGet(name, out _))
                {
                    diagnostics.AddError($"{path}.downstream_protocol", $"unknown protocol \"{name}\" (known: Auto, {string.Join(", ", context.Protocols.All.Select(x => x.Name))})");
                }
            }
        }

        if (result.UpstreamProtocol is { } up && !context.Protocols.TryGet(up, out _))
        {
            diagnostics.AddError($"{path}.upstream_protocol", $"unknown protocol \"{up}\" (known: {string.Join(", ", context.Protocols.All.Select(x => x.Name))})");
        }

        if (string.IsNullOrEmpty(result.RouterConfigName))
        {
            diagnostics.AddError($"{path}.router_config_name", "required");
        }
        else if (context.RouterManager.GetRouteTable(result.RouterConfigName) is null)
        {
            diagnostics.AddError($"{path}.router_config_name", $"no router named \"{result.RouterConfigName}\" in servers[].routers");
        }

        return diagnostics.Errors.Count > errors ? null : result;
    }

    /// <summary>
    /// MOSN's per-protocol <c>extend_config</c>, keyed by protocol name. For Http1 and Http2: <c>max_header_size</c>
    /// (bytes of the request head, 431 past it) and <c>max_request_body_size</c> (bytes, 413 past it; 0 means no limit:
    /// bodies are streamed, not buffered). For Http2 also <c>max_concurrent_streams</c>,
    /// <c>initial_stream_window_size</c> and <c>initial_connection_window_size</c> (65535..2147483647), and MOSN's
    /// <c>http2_use_stream</c> (accepted: Mosn.NET always streams bodies).
    /// </summary>
    private static ProtocolOptions ParseExtendConfig(JsonElement value, string path, ConfigDiagnostics diagnostics)
    {
        var options = ProtocolOptions.Default;
        if (value.ValueKind != JsonValueKind.Object)
        {
            diagnostics.AddError(path, "expected an object keyed by protocol name");
            return options;
        }

        foreach (var protocol in value.EnumerateObject())
        {
            var ppath = $"{path}.{protocol.Name}";
            if (protocol.Name == "sub_protocol")
            {
                continue; // MOSN's legacy X protocol selector, read with downstream_protocol
            }

            var isHttp2 = string.Equals(protocol.Name, ProtocolNames.Http2, StringComparison.OrdinalIgnoreCase);
            if (!isHttp2 && !string.Equals(protocol.Name, ProtocolNames.Http1, StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.AddWarning(ppath, "ignored: not supported by Mosn.NET yet");
                continue;
            }

            if (protocol.Value.ValueKind != JsonValueKind.Object)
            {
                diagnostics.AddError(ppath, "expected an object");
                continue;
            }

            foreach (var setting in protocol.Value.EnumerateObject())
            {
                var spath = $"{ppath}.{setting.Name}";
                var v = setting.Value;
                switch (setting.Name.ToLowerInvariant())
                {
                    case "max_header_size":
                        if (v.TryGetInt32(out var header) && header >= 1024)
                        {
                            options = options with { MaxHeaderSize = header };
                        }
                        else
                        {
                            diagnostics.AddError(spath, "expected an integer number of bytes, at least 1024");
                        }

                        break;
                    case "max_request_body_size":
                        if (v.TryGetInt64(out var body) && body >= 0)
                        {
                            options = options with { MaxRequestBodySize = body };
                        }
                        else
                        {
                            diagnostics.AddError(spath, "expected a non-negative integer number of bytes (0: no limit)");
                        }

                        break;
                    case "max_concurrent_streams" when isHttp2:
                        if (v.TryGetInt32(out var streams) && streams >= 1)
                        {
                            options = options with { MaxConcurrentStreams = streams };
                        }
                        else
                        {
                            diagnostics.AddError(spath, "expected a positive integer");
                        }

                        break;
                    case "initial_stream_window_size" when isHttp2:
                        if (v.TryGetInt32(out var streamWindow) && streamWindow >= 65535)
                        {
                            options = options with { InitialStreamWindowSize = streamWindow };
                        }
                        else
                        {
                            diagnostics.AddError(spath, "expected an integer number of bytes, 65535..2147483647");
                        }

                        break;
                    case "initial_connection_window_size" when isHttp2:
                        if (v.TryGetInt32(out var connectionWindow) && connectionWindow >= 65535)
                        {
                            options = options with { InitialConnectionWindowSize = connectionWindow };
                        }
                        else
                        {
                            diagnostics.AddError(spath, "expected an integer number of bytes, 65535..2147483647");
                        }

                        break;
                    case "http2_use_stream" when isHttp2:
                        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        {
                            diagnostics.AddError(spath, "expected true or false");
                        }

                        break;
                    default:
                        diagnostics.AddWarning(spath, "unknown key");
                        break;
                }
            }
        }

        return options;
    }

    private static string? ReadString(JsonElement value, string path, ConfigDiagnostics diagnostics)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        diagnostics.AddError(path, $"expected a string, got {value.ValueKind}");
        return null;
    }
}
