using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TransportFloor;

/// <summary>
/// The same 1:1 byte forwarder on one thread with our own level-triggered epoll loop instead of .NET's socket engine:
/// a readable socket gets one <c>recv</c> (no probe for EAGAIN afterwards, no zero-byte receive to post again), the bytes
/// go out with one non-blocking <c>send</c>. Linux only. It measures what an engine of our own could save per message;
/// it is not the product (no backpressure: a send the kernel does not take whole waits in <c>poll</c>).
/// </summary>
internal static partial class EpollForwarder
{
    private const int EpollIn = 0x001;
    private const int EpollOut = 0x004;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EAgain = 11;

    [StructLayout(LayoutKind.Explicit, Size = 12)]
    private struct EpollEvent
    {
        [FieldOffset(0)] public uint Events;
        [FieldOffset(4)] public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, ref EpollEvent ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, [Out] EpollEvent[] events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, [Out] byte[] buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, ReadOnlySpan<byte> buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeout);

    /// <summary>Accepts on <paramref name="listener"/> (a thread of its own) and forwards every connection on one epoll thread.</summary>
    public static void Run(Socket listener, IPEndPoint backend)
    {
        var epfd = epoll_create1(0);
        if (epfd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: {Marshal.GetLastPInvokeError()}");
        }

        // fd -> (its socket, the peer's socket); sockets are kept referenced so their handles stay open.
        var peers = new Dictionary<int, (Socket Self, Socket Peer)>();
        var acceptor = new Thread(() =>
        {
            while (true)
            {
                var client = listener.Accept();
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    upstream.Connect(backend);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }

                client.NoDelay = true;
                client.Blocking = false;
                upstream.Blocking = false;
                lock (peers)
                {
                    Register(epfd, peers, client, upstream);
                    Register(epfd, peers, upstream, client);
                }
            }
        }) { IsBackground = true, Name = "floor acceptor" };
        acceptor.Start();

        var events = new EpollEvent[256];
        var buffer = new byte[16384];
        while (true)
        {
            var n = epoll_wait(epfd, events, events.Length, -1);
            if (n < 0)
            {
                continue; // EINTR
            }

            for (var i = 0; i < n; i++)
            {
                var fd = (int)events[i].Data;
                (Socket Self, Socket Peer) pair;
                lock (peers)
                {
                    if (!peers.TryGetValue(fd, out pair))
                    {
                        continue;
                    }
                }

                var got = recv(fd, buffer, buffer.Length, 0);
                if (got <= 0)
                {
                    if (got < 0 && Marshal.GetLastPInvokeError() == EAgain)
                    {
                        continue;
                    }

                    Close(epfd, peers, pair.Self, pair.Peer);
                    continue;
                }

                var peerFd = (int)pair.Peer.Handle;
                for (var sent = 0; sent < got;)
                {
                    var s = send(peerFd, buffer.AsSpan(sent, (int)got - sent), (int)got - sent, 0);
                    if (s >= 0)
                    {
                        sent += (int)s;
                        continue;
                    }

                    if (Marshal.GetLastPInvokeError() != EAgain)
                    {
                        Close(epfd, peers, pair.Self, pair.Peer);
                        break;
                    }

                    var p = new PollFd { Fd = peerFd, Events = EpollOut };
                    poll(ref p, 1, 1000);
                }
            }
        }
    }

    private static void Register(int epfd, Dictionary<int, (Socket Self, Socket Peer)> peers, Socket self, Socket peer)
    {
        var fd = (int)self.Handle;
        peers[fd] = (self, peer);
        var ev = new EpollEvent { Events = EpollIn, Data = (ulong)fd };
        if (epoll_ctl(epfd, EpollCtlAdd, fd, ref ev) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl failed: {Marshal.GetLastPInvokeError()}");
        }
    }

    private static void Close(int epfd, Dictionary<int, (Socket Self, Socket Peer)> peers, Socket a, Socket b)
    {
        lock (peers)
        {
            foreach (var s in (Socket[])[a, b])
            {
                var fd = (int)s.Handle;
                var ev = default(EpollEvent);
                epoll_ctl(epfd, EpollCtlDel, fd, ref ev);
                peers.Remove(fd);
                s.Dispose();
            }
        }
    }
}
