using System.Collections.Concurrent;
using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>Connects to nothing: each attempt pops the next scripted outcome (a <see cref="FakeConnection"/> by default).</summary>
public sealed class FakeConnectionFactory : IConnectionFactory
{
    public ConcurrentQueue<ConnectionEvent> Failures { get; } = new();

    public ConcurrentQueue<EndPoint> Attempts { get; } = new();

    public ConcurrentQueue<FakeConnection> Created { get; } = new();

    public ValueTask<ConnectResult> ConnectAsync(EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(endPoint);
        if (Failures.TryDequeue(out var failure))
        {
            return ValueTask.FromResult(new ConnectResult(null, failure));
        }

        var connection = new FakeConnection { RemoteAddress = endPoint };
        Created.Enqueue(connection);
        return ValueTask.FromResult(new ConnectResult(connection, default));
    }
}
