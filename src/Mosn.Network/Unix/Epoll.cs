using System.Runtime.InteropServices;

namespace Mosn.Network.Unix;

/// <summary>
/// The <c>epoll(7)</c> calls of Linux's C library (<c>epoll_create1</c>, <c>epoll_ctl</c>, <c>epoll_wait</c>), as
/// source-generated imports (no runtime marshalling code: NativeAOT-safe). <c>struct epoll_event</c> is packed on x86
/// and x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes, data at offset 8): callers read
/// events through <see cref="EventSize"/> and <see cref="DataOffset"/>.
/// </summary>
internal static unsafe partial class Epoll
{
    /// <summary>The file descriptor can be read (or the peer closed, or an error is pending).</summary>
    public const uint In = 0x001;

    /// <summary>The file descriptor can be written.</summary>
    public const uint Out = 0x004;

    /// <summary>An error is pending on the file descriptor (always reported).</summary>
    public const uint Err = 0x008;

    /// <summary>Both directions are shut (always reported).</summary>
    public const uint Hup = 0x010;

    /// <summary>The peer shut its sending direction (sent its FIN).</summary>
    public const uint RdHup = 0x2000;

    /// <summary>Edge-triggered: an event is reported when readiness changes, not for as long as it lasts.</summary>
    public const uint EdgeTriggered = 1u << 31;

    /// <summary><c>EPOLL_CLOEXEC</c>.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary><c>EINTR</c>: a signal interrupted the wait.</summary>
    public const int EIntr = 4;

    private const int CtlAdd = 1;
    private const int CtlDel = 2;

    /// <summary>Size of one <c>struct epoll_event</c> on this architecture.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    /// <summary>Offset of the 64-bit <c>data</c> member in <c>struct epoll_event</c>.</summary>
    public static readonly int DataOffset = EventSize == 12 ? 4 : 8;

    /// <summary>Adds <paramref name="fd"/> with <paramref name="events"/> and <paramref name="data"/>; 0 or the error number.</summary>
    public static int Add(int epfd, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + DataOffset) = data; // unaligned on x86-64, where that is allowed
        return epoll_ctl(epfd, CtlAdd, fd, ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Removes <paramref name="fd"/>; 0 or the error number.</summary>
    public static int Delete(int epfd, int fd)
    {
        var ev = stackalloc byte[16]; // ignored, but kernels before 2.6.9 required it non-null
        return epoll_ctl(epfd, CtlDel, fd, ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);
}
