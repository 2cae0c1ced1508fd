using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Admin;
using Mosn.Network;

namespace Mosn.Hosting;

/// <summary>A running listener with the filter chain its new connections get, its byte counters and its config.</summary>
/// <param name="Listener">The socket listener.</param>
/// <param name="Chain">The network filter factories of the current generation (without the byte counters).</param>
/// <param name="Traffic">The listener's byte counters (kept across reloads).</param>
/// <param name="Config">The listener's configuration.</param>
internal sealed record ListenerEntry(SocketListener Listener, IReadOnlyList<IFilterChainFactory> Chain, ListenerTraffic Traffic, ListenerConfig Config);
