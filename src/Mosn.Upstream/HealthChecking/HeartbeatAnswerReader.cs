using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// Reads the frames a host sends on a heartbeat health-check connection and completes the awaited heartbeat: true when
/// its answer arrives with the protocol's success status, false when it arrives with another status, the bytes are
/// malformed, or the connection closes. Frames other than the awaited answer (late answers to earlier checks, anything
/// else) are skipped.
/// </summary>
/// <remarks>
/// Callbacks run on the connection's read loop and event thread; <see cref="Expect"/> runs on the checker's thread
/// before the heartbeat is written. One heartbeat is awaited at a time. After a malformed frame or a close the reader
/// stays failed: every later <see cref="Expect"/> completes false at once.
/// </remarks>
internal sealed class HeartbeatAnswerReader : IReadFilter, IConnectionEventListener
{
    private readonly IHeartbeatProtocol _protocol;
    private readonly Lock _lock = new();
    private TaskCompletionSource<bool>? _awaited;
    private ulong _awaitedId;
    private bool _failed;

    /// <summary>Creates a reader decoding with <paramref name="protocol"/>.</summary>
    public HeartbeatAnswerReader(IHeartbeatProtocol protocol) => _protocol = protocol;

    /// <summary>True once the connection closed or sent malformed bytes: it cannot carry another check.</summary>
    public bool Failed
    {
        get
        {
            lock (_lock)
            {
                return _failed;
            }
        }
    }

    /// <summary>
    /// Awaits the answer to the heartbeat with <paramref name="requestId"/> (replacing any earlier wait, which completes
    /// false). The task completes on the read loop's thread pool continuation, never inline.
    /// </summary>
    public Task<bool> Expect(ulong requestId)
    {
        var awaited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<bool>? previous;
        lock (_lock)
        {
            if (_failed)
            {
                return Task.FromResult(false);
            }

            previous = _awaited;
            _awaited = awaited;
            _awaitedId = requestId;
        }

        previous?.TrySetResult(false);
        return awaited.Task;
    }

    /// <inheritdoc />
    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
    }

    /// <inheritdoc />
    public FilterStatus OnNewConnection() => FilterStatus.Continue;

    /// <inheritdoc />
    public FilterStatus OnData(ReadBuffer buffer)
    {
        while (buffer.Length > 0)
        {
            var status = _protocol.ReadHeartbeatAnswer(buffer.Data, out var consumed, out var requestId, out var success);
            if (status == OperationStatus.NeedMoreData)
            {
                break;
            }

            if (status != OperationStatus.Done || consumed <= 0)
            {
                buffer.ConsumeAll();
                Fail();
                break;
            }

            buffer.Consume(consumed);
            TaskCompletionSource<bool>? answered = null;
            lock (_lock)
            {
                if (_awaited is not null && requestId != 0 && requestId == _awaitedId)
                {
                    answered = _awaited;
                    _awaited = null;
                }
            }

            answered?.TrySetResult(success);
        }

        return FilterStatus.StopIteration;
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose())
        {
            Fail();
        }
    }

    private void Fail()
    {
        TaskCompletionSource<bool>? awaited;
        lock (_lock)
        {
            _failed = true;
            awaited = _awaited;
            _awaited = null;
        }

        awaited?.TrySetResult(false);
    }
}
