using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mosn.Network.Unix;

/// <summary>
/// Passes open file descriptors (listening sockets) between processes over a connected Unix domain stream socket, as
/// ancillary <c>SCM_RIGHTS</c> data (<c>sendmsg(2)</c>/<c>recvmsg(2)</c>, <c>unix(7)</c>). The receiver gets new
/// descriptors for the same open sockets; each process closing its own leaves the other's working.
/// </summary>
/// <remarks>
/// Linux only (64-bit: the <c>msghdr</c>/<c>cmsghdr</c> layouts below are those of LP64 glibc and musl). The calls block
/// the calling thread up to their timeout, whether the socket is in blocking mode or not (a non-blocking socket is
/// polled). Received descriptors are close-on-exec. Errors are thrown as <see cref="SocketException"/>
/// (<see cref="SocketError.TimedOut"/> when the timeout passes).
/// </remarks>
public static unsafe partial class DescriptorPassing
{
    /// <summary>Most descriptors in one message (the kernel's SCM_MAX_FD is 253).</summary>
    public const int MaxDescriptors = 64;

    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgCmsgCloexec = 0x40000000;
    private const int MsgNoSignal = 0x4000;
    private const int CmsgHeaderSize = 16; // size_t cmsg_len; int cmsg_level; int cmsg_type

    /// <summary>
    /// Sends <paramref name="payload"/> (at least one byte) with <paramref name="descriptors"/> attached. Blocks until the
    /// kernel took all of the payload.
    /// </summary>
    /// <exception cref="SocketException">sendmsg failed.</exception>
    /// <exception cref="ArgumentException">Empty payload or too many descriptors.</exception>
    public static void Send(Socket socket, ReadOnlySpan<byte> payload, ReadOnlySpan<int> descriptors, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        ArgumentNullException.ThrowIfNull(socket);
        if (payload.IsEmpty)
        {
            throw new ArgumentException("The payload must not be empty: descriptors travel with data.", nameof(payload));
        }

        if (descriptors.Length > MaxDescriptors)
        {
            throw new ArgumentException($"At most {MaxDescriptors} descriptors per message.", nameof(descriptors));
        }

        var dataLength = descriptors.Length * sizeof(int);
        var controlLength = descriptors.Length == 0 ? 0 : CmsgHeaderSize + Align(dataLength);
        var control = stackalloc byte[CmsgHeaderSize + Align(MaxDescriptors * sizeof(int))];
        if (controlLength > 0)
        {
            new Span<byte>(control, controlLength).Clear();
            *(nuint*)control = (nuint)(CmsgHeaderSize + dataLength);
            *(int*)(control + 8) = SolSocket;
            *(int*)(control + 12) = ScmRights;
            descriptors.CopyTo(new Span<int>(control + CmsgHeaderSize, descriptors.Length));
        }

        var sent = 0;
        fixed (byte* data = payload)
        {
            while (sent < payload.Length)
            {
                var iov = new IoVec { Base = data + sent, Length = (nuint)(payload.Length - sent) };
                var header = new MsgHdr
                {
                    Iov = &iov,
                    IovLength = 1,
                    // Descriptors go with the first chunk only.
                    Control = sent == 0 && controlLength > 0 ? control : null,
                    ControlLength = sent == 0 ? (nuint)controlLength : 0,
                };
                var n = SendMsg(GetFd(socket), &header, MsgNoSignal);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == 4)
                    {
                        continue; // EINTR
                    }

                    if (errno == 11)
                    {
                        WaitUntil(socket, SelectMode.SelectWrite, deadline);
                        continue;
                    }

                    throw new SocketException((int)ToSocketError(errno));
                }

                sent += (int)n;
            }
        }
    }

    /// <summary>
    /// Receives up to <paramref name="buffer"/>'s length of bytes and the descriptors that came with them. Returns the
    /// number of bytes (0: the peer closed). Descriptors beyond <see cref="MaxDescriptors"/> are closed by the kernel
    /// and the message is reported truncated with an exception.
    /// </summary>
    /// <exception cref="SocketException">recvmsg failed (a receive timeout gives <see cref="SocketError.WouldBlock"/>), or the control data was truncated.</exception>
    public static int Receive(Socket socket, Span<byte> buffer, out int[] descriptors, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        ArgumentNullException.ThrowIfNull(socket);
        var controlCapacity = CmsgHeaderSize + Align(MaxDescriptors * sizeof(int));
        var control = stackalloc byte[controlCapacity];
        new Span<byte>(control, controlCapacity).Clear();
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlCapacity };
            // Wait first: on a socket in blocking mode recvmsg would not return at the timeout.
            WaitUntil(socket, SelectMode.SelectRead, deadline);
            nint n;
            while ((n = RecvMsg(GetFd(socket), &header, MsgCmsgCloexec)) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == 11)
                {
                    WaitUntil(socket, SelectMode.SelectRead, deadline);
                }
                else if (errno != 4)
                {
                    throw new SocketException((int)ToSocketError(errno));
                }
            }

            var found = new List<int>();
            var offset = 0;
            var total = (int)header.ControlLength;
            while (offset + CmsgHeaderSize <= total)
            {
                var length = (int)*(nuint*)(control + offset);
                var level = *(int*)(control + offset + 8);
                var type = *(int*)(control + offset + 12);
                if (length < CmsgHeaderSize || offset + length > total)
                {
                    break;
                }

                if (level == SolSocket && type == ScmRights)
                {
                    var count = (length - CmsgHeaderSize) / sizeof(int);
                    for (var i = 0; i < count; i++)
                    {
                        found.Add(*(int*)(control + offset + CmsgHeaderSize + (i * sizeof(int))));
                    }
                }

                offset += CmsgHeaderSize + Align(length - CmsgHeaderSize);
            }

            descriptors = [.. found];
            const int MsgCtrunc = 0x8;
            if ((header.Flags & MsgCtrunc) != 0)
            {
                foreach (var fd in descriptors)
                {
                    _ = Close(fd);
                }

                throw new SocketException((int)SocketError.MessageSize);
            }

            return (int)n;
        }
    }

    /// <summary>
    /// Duplicates <paramref name="descriptor"/> (close-on-exec), for handing one socket to two owners that each close
    /// their copy.
    /// </summary>
    /// <exception cref="SocketException">fcntl failed.</exception>
    public static int Duplicate(int descriptor)
    {
        const int FDupFdCloexec = 1030;
        var fd = Fcntl(descriptor, FDupFdCloexec, 0);
        if (fd < 0)
        {
            throw new SocketException((int)ToSocketError(Marshal.GetLastPInvokeError()));
        }

        return fd;
    }

    /// <summary>Closes a descriptor received by <see cref="Receive"/> that will not be used.</summary>
    public static void CloseDescriptor(int descriptor) => _ = Close(descriptor);

    private static void WaitUntil(Socket socket, SelectMode mode, long deadline)
    {
        var left = deadline - Environment.TickCount64;
        if (left <= 0 || !socket.Poll(TimeSpan.FromMilliseconds(left), mode))
        {
            throw new SocketException((int)SocketError.TimedOut);
        }
    }

    private static int GetFd(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    private static int Align(int length) => (length + 7) & ~7;

    private static SocketError ToSocketError(int errno) => errno switch
    {
        11 => SocketError.WouldBlock, // EAGAIN: SO_RCVTIMEO/SO_SNDTIMEO expired
        32 or 104 => SocketError.ConnectionReset, // EPIPE, ECONNRESET
        9 or 88 => SocketError.NotSocket, // EBADF, ENOTSOCK
        _ => SocketError.SocketError,
    };

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int socket, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int socket, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
