using System.Globalization;
using System.Net;
using Mosn.Abstractions.Config;

namespace Mosn.Upstream.Clusters;

/// <summary>
/// Turns a <c>STRICT_DNS</c> cluster's configured hosts (<c>name:port</c>) into the concrete hosts it has now: one host
/// per resolved address, with the configured weight, metadata and the name as <see cref="HostConfig.Hostname"/>
/// (Envoy's strict DNS semantics). Hosts configured with an IP address stay as they are.
/// </summary>
internal static class StrictDnsResolution
{
    /// <summary>
    /// Resolves every name of <paramref name="template"/> (in parallel) and returns the cluster with its concrete hosts.
    /// A name that fails to resolve keeps its addresses from <paramref name="previous"/> (null: it has none yet).
    /// </summary>
    public static async Task<ClusterConfig> ResolveAsync(ClusterConfig template, IHostNameResolver resolver, ClusterConfig? previous, CancellationToken cancellationToken)
    {
        var lookups = template.Hosts.Select(async h =>
        {
            if (!TrySplit(h.Address, out var name, out var port) || IPAddress.TryParse(name, out _))
            {
                return (Host: h, Addresses: (IReadOnlyList<HostConfig>?)[h]);
            }

            IPAddress[] addresses;
            try
            {
                addresses = await resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException or OperationCanceledException)
            {
                addresses = [];
            }

            if (addresses.Length == 0)
            {
                return (Host: h, Addresses: null);
            }

            // Sorted so that the same answer in another order is no change.
            IReadOnlyList<HostConfig> resolved = [.. addresses.Distinct().OrderBy(a => a.ToString(), StringComparer.Ordinal).Select(a => h with
            {
                Address = new IPEndPoint(a, port).ToString(),
                Hostname = h.Hostname ?? name,
            })];
            return (Host: h, Addresses: resolved);
        }).ToList();

        var hosts = new List<HostConfig>();
        foreach (var lookup in lookups)
        {
            var (host, addresses) = await lookup.ConfigureAwait(false);
            if (addresses is not null)
            {
                hosts.AddRange(addresses);
            }
            else if (previous is not null && TrySplit(host.Address, out var name, out _))
            {
                // Keep what this name resolved to before (a DNS failure is not a reason to drop hosts).
                hosts.AddRange(previous.Hosts.Where(p => p.Hostname == (host.Hostname ?? name)));
            }
        }

        return template with { Hosts = hosts };
    }

    /// <summary>True when both configs have the same concrete hosts (address, weight, name) in the same order.</summary>
    public static bool SameHosts(ClusterConfig a, ClusterConfig b) =>
        a.Hosts.Count == b.Hosts.Count && a.Hosts.Zip(b.Hosts).All(p => p.First.Address == p.Second.Address && p.First.Weight == p.Second.Weight && p.First.Hostname == p.Second.Hostname);

    /// <summary>Splits <c>name:port</c>; false when there is no valid port.</summary>
    public static bool TrySplit(string address, out string name, out int port)
    {
        var colon = address.LastIndexOf(':');
        name = colon > 0 ? address[..colon].Trim('[', ']') : address;
        port = 0;
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
