namespace Mosn.Network.Unix;

/// <summary>
/// Waits on an <see cref="EpollLoop"/> for a non-blocking <c>connect</c> to finish: the socket becomes writable when the
/// connection is established or has failed (the socket's <c>SO_ERROR</c> says which). Registered only for the wait, so
/// .NET's socket engine never learns of the socket and the connection's own registration is the only one.
/// </summary>
internal sealed class EpollConnectWaiter : IEpollHandler
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public ulong EpollToken { get; set; }

    /// <summary>Completes when the socket reported any event (writable, error or hang-up).</summary>
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public void OnEpollEvents(uint events) => _ready.TrySetResult();

    /// <inheritdoc />
    public void OnEpollFailure(Exception exception) => _ready.TrySetException(exception);
}
