using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Mosn.Network.OriginalDst;

/// <summary>
/// Matches an original destination against listener addresses: which listener a redirected connection is handed to
/// (MOSN's <c>UseOriginalDst</c> hand-off), and whether a destination is the proxy itself (the loop guard of original
/// destination clusters).
/// </summary>
/// <remarks>Thread-safe. IPv4-mapped IPv6 addresses compare as IPv4.</remarks>
public static class ListenerAddressMatch
{
    private static IPAddress[]? s_localAddresses;

    /// <summary>
    /// The listener to hand a connection for <paramref name="destination"/> to, as MOSN does: the one whose address is
    /// exactly the destination (IP and port); else one listening on the destination's port on the wildcard address
    /// (0.0.0.0 or ::), or, with <paramref name="fallbackToLocal"/>, on the loopback address (127.0.0.1 or ::1); else null
    /// (the connection stays where it was accepted). A listener's address is its bound address, or the configured one
    /// for a listener that is not bound (MOSN's <c>bind_port: false</c> listeners exist to receive hand-offs).
    /// </summary>
    public static SocketListener? FindHandOffTarget(IEnumerable<SocketListener> listeners, IPEndPoint destination, bool fallbackToLocal)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(destination);
        var address = Plain(destination.Address);
        SocketListener? fallback = null;
        foreach (var listener in listeners)
        {
            if ((listener.BoundAddress ?? listener.CurrentOptions.EndPoint) is not IPEndPoint own || own.Port != destination.Port)
            {
                continue;
            }

            var ownAddress = Plain(own.Address);
            if (ownAddress.Equals(address))
            {
                return listener;
            }

            if (fallback is null && (fallbackToLocal ? IPAddress.IsLoopback(ownAddress) : IsWildcard(ownAddress)))
            {
                fallback = listener;
            }
        }

        return fallback;
    }

    /// <summary>
    /// True when a connection to <paramref name="destination"/> would reach one of <paramref name="listeners"/> that is
    /// bound: its exact address, or its port on an address of this host when it listens on the wildcard address.
    /// Listeners not bound (no <see cref="SocketListener.BoundAddress"/>) do not count.
    /// </summary>
    /// <remarks>The host's addresses are read once per process (network interfaces), then cached.</remarks>
    public static bool IsListening(IEnumerable<SocketListener> listeners, IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var listener in listeners)
        {
            if (IsListening(listener, destination))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="IsListening(IEnumerable{SocketListener}, IPEndPoint)"/> for one listener. Allocation-free.</summary>
    public static bool IsListening(SocketListener listener, IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(destination);
        if (listener.BoundAddress is not IPEndPoint own || own.Port != destination.Port)
        {
            return false;
        }

        var ownAddress = Plain(own.Address);
        var address = Plain(destination.Address);
        return ownAddress.Equals(address) || (IsWildcard(ownAddress) && IsLocal(address));
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool IsLocal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || IsWildcard(address))
        {
            return true;
        }

        var local = s_localAddresses ??= ReadLocalAddresses();
        return Array.IndexOf(local, address) >= 0;
    }

    private static IPAddress[] ReadLocalAddresses()
    {
        try
        {
            return
            [
                .. NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                    .Select(a => Plain(a.Address)),
            ];
        }
        catch (NetworkInformationException)
        {
            // No interface list (restricted sandbox): loopback and exact matches still guard.
            return [];
        }
    }

    private static IPAddress Plain(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
