using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;

namespace Mosn.Abstractions.Extensions;

/// <summary>
/// Config-time half of a network filter type, registered by <see cref="Name"/> (the filter <c>type</c> in a listener's
/// <c>filter_chains[].filters[]</c>).
/// </summary>
public interface INetworkFilterFactory
{
    /// <summary>Type name as written in config (e.g. <c>proxy</c>, <c>tcp_proxy</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Parses and validates <paramref name="config"/> once. Problems go to <paramref name="diagnostics"/> with paths under
    /// <paramref name="path"/>; returns null if the config is invalid. The result creates filters for each connection.
    /// </summary>
    IFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context);
}
