using System.Collections.Concurrent;
using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>Hands out <see cref="FakeConnection"/>s, or fails as told; can hold connects open until released.</summary>
public sealed class FakeConnectionFactory : IConnectionFactory
{
    private TaskCompletionSource? _gate;

    public ConcurrentQueue<FakeConnection> Connections { get; } = new();

    /// <summary>When set, every connect fails with this event.</summary>
    public ConnectionEvent? Failure { get; set; }

    /// <summary>When set, a new connection closes itself as soon as it starts.</summary>
    public ConnectionEvent? CloseOnStart { get; set; }

    public int ConnectCount => _connectCount;
    private int _connectCount;

    public List<(EndPoint EndPoint, TimeSpan Timeout, long BufferLimit)> Calls { get; } = [];

    /// <summary>Makes connects wait until <see cref="ReleaseConnects"/>.</summary>
    public void HoldConnects() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseConnects() => _gate?.TrySetResult();

    public async ValueTask<ConnectResult> ConnectAsync(EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connectCount);
        lock (Calls)
        {
            Calls.Add((endPoint, timeout, bufferLimit));
        }

        if (_gate is { } gate)
        {
            await gate.Task;
        }

        if (Failure is { } failure)
        {
            return new ConnectResult(null, failure);
        }

        var connection = new FakeConnection(endPoint, bufferLimit) { CloseOnStart = CloseOnStart };
        Connections.Enqueue(connection);
        return new ConnectResult(connection, default);
    }
}
