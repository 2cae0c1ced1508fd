using System.Net;
using System.Net.Sockets;

namespace Mosn.Hosting.Upgrade;

/// <summary>A listening socket passed from a running process to the one replacing it (hot upgrade).</summary>
/// <param name="Kind"><see cref="ListenerKind"/> or <see cref="AdminKind"/>.</param>
/// <param name="Name">The listener's name in the old process's config (for logs).</param>
/// <param name="Address">The bound address: <c>ip:port</c>, or <c>unix:PATH</c>.</param>
/// <param name="Socket">The socket (in the receiving process: built from the received descriptor, owned by the receiver).</param>
internal sealed record HandoverSocket(string Kind, string Name, string Address, Socket Socket)
{
    /// <summary>A proxy listener.</summary>
    public const string ListenerKind = "listener";

    /// <summary>The admin API's listener.</summary>
    public const string AdminKind = "admin";

    /// <summary>The wire form of <paramref name="endPoint"/> (compared by <see cref="Matches"/>).</summary>
    public static string FormatAddress(EndPoint endPoint) => endPoint switch
    {
        UnixDomainSocketEndPoint uds => "unix:" + uds,
        IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "",
    };

    /// <summary>True when this socket is bound to <paramref name="endPoint"/> (same IP and port, or same socket path).</summary>
    public bool Matches(EndPoint endPoint) => endPoint is IPEndPoint { Port: 0 } ? false : Address == FormatAddress(endPoint);
}
