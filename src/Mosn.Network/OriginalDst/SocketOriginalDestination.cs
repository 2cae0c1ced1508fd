using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mosn.Network.OriginalDst;

/// <summary>
/// Reads the original destination of a connection that iptables <c>REDIRECT</c> sent to this process:
/// <c>getsockopt(SOL_IP, SO_ORIGINAL_DST)</c> (<c>sockaddr_in</c>), or <c>getsockopt(SOL_IPV6, IP6T_SO_ORIGINAL_DST)</c>
/// (<c>sockaddr_in6</c>) for IPv6; both option numbers are 80 (<c>linux/netfilter_ipv4.h</c>,
/// <c>linux/netfilter_ipv6/ip6_tables.h</c>).
/// </summary>
/// <remarks>
/// <para>The answer comes from the kernel's connection tracking: on a connection that was not redirected, conntrack (when
/// it is loaded and tracks the connection) answers with the address the client connected to, which is then the local
/// address; without a conntrack entry the call fails with <c>ENOENT</c>, and without the netfilter module with
/// <c>ENOPROTOOPT</c>. Every failure, and any platform other than Linux, means "no original destination": never an
/// exception.</para>
/// <para>Thread-safe; allocation-free except the returned endpoint. The socket is kept alive for the call
/// (<see cref="SafeHandle.DangerousAddRef"/>).</para>
/// </remarks>
public static unsafe partial class SocketOriginalDestination
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80;
    private const int Ip6tSoOriginalDst = 80;
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const int SockaddrIn6Size = 28;
    private const int Enoprotoopt = 92;
    private const int Ebadf = 9;

    /// <summary>The original destination of <paramref name="socket"/> (an accepted TCP socket), or null when there is none.</summary>
    public static IPEndPoint? Get(Socket socket) => TryGet(socket, out var endPoint, out _) ? endPoint : null;

    /// <summary>
    /// As <see cref="Get"/>, with the reason of a failure: <paramref name="errno"/> is the <c>getsockopt</c> error
    /// (<c>ENOENT</c> 2: no conntrack entry; <c>ENOPROTOOPT</c> 92: no netfilter support, or not Linux; <c>EBADF</c> 9:
    /// the socket is closed), 0 on success.
    /// </summary>
    internal static bool TryGet(Socket socket, out IPEndPoint? endPoint, out int errno)
    {
        endPoint = null;
        if (!OperatingSystem.IsLinux() || socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            errno = Enoprotoopt;
            return false;
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            if (socket.AddressFamily == AddressFamily.InterNetwork)
            {
                return Query(fd, SolIp, SoOriginalDst, out endPoint, out errno);
            }

            // A dual-stack socket's IPv4 connection is tracked by IPv4 conntrack: ask SOL_IP first.
            if (socket.LocalEndPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true }
                && Query(fd, SolIp, SoOriginalDst, out endPoint, out errno))
            {
                return true;
            }

            return Query(fd, SolIpv6, Ip6tSoOriginalDst, out endPoint, out errno);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile (DangerousAddRef on a disposed handle): nothing to read.
            errno = Ebadf;
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static bool Query(int fd, int level, int option, out IPEndPoint? endPoint, out int errno)
    {
        endPoint = null;
        var buffer = stackalloc byte[SockaddrIn6Size];
        new Span<byte>(buffer, SockaddrIn6Size).Clear();
        var length = (uint)SockaddrIn6Size;
        if (GetSockOpt(fd, level, option, buffer, &length) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        errno = 0;
        endPoint = Parse(new ReadOnlySpan<byte>(buffer, (int)Math.Min(length, SockaddrIn6Size)));
        return endPoint is not null;
    }

    /// <summary>
    /// Decodes a <c>sockaddr_in</c> (family, port in network order, 4 address bytes) or <c>sockaddr_in6</c> (family,
    /// port, flow info, 16 address bytes, scope id); the family is in host order (little-endian on the platforms we run).
    /// Null for anything else or a short buffer.
    /// </summary>
    internal static IPEndPoint? Parse(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 8)
        {
            return null;
        }

        var family = MemoryMarshal.Read<ushort>(sockaddr);
        var port = (sockaddr[2] << 8) | sockaddr[3];
        switch (family)
        {
            case AfInet:
                return new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), port);
            case AfInet6 when sockaddr.Length >= SockaddrIn6Size:
                var scope = MemoryMarshal.Read<uint>(sockaddr[24..]);
                return new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16), scope), port);
            default:
                return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int socket, int level, int option, byte* value, uint* length);
}
