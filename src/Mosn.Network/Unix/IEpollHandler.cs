namespace Mosn.Network.Unix;

/// <summary>
/// What an <see cref="EpollLoop"/> calls when a registered file descriptor becomes ready. Calls come on the loop's thread,
/// one at a time per loop, inside a write batch (<see cref="SocketConnection"/> writes made during a loop pass are
/// flushed once at its end). A handler must never block: every other file descriptor of the loop waits meanwhile.
/// </summary>
internal interface IEpollHandler
{
    /// <summary>
    /// The registration's token, set by <see cref="EpollLoop.Register"/> before the file descriptor is added. Events
    /// carrying another token are stale (an earlier registration of the same slot) and are not delivered.
    /// </summary>
    ulong EpollToken { get; set; }

    /// <summary>The file descriptor became ready: <paramref name="events"/> is the <c>EPOLL*</c> mask (<see cref="Epoll"/>).</summary>
    void OnEpollEvents(uint events);

    /// <summary><see cref="OnEpollEvents"/> threw (a bug): the handler must end its work (close) without throwing.</summary>
    void OnEpollFailure(Exception exception);
}
