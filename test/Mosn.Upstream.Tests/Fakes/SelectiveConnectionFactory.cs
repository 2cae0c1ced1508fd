using System.Collections.Concurrent;
using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>Connects to every endpoint except those marked down, which are refused.</summary>
public sealed class SelectiveConnectionFactory : IConnectionFactory
{
    private readonly ConcurrentDictionary<EndPoint, bool> _down = new();

    public void SetDown(EndPoint endPoint, bool down)
    {
        if (down)
        {
            _down[endPoint] = true;
        }
        else
        {
            _down.TryRemove(endPoint, out _);
        }
    }

    public ValueTask<ConnectResult> ConnectAsync(EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken) =>
        new(_down.ContainsKey(endPoint)
            ? new ConnectResult(null, ConnectionEvent.ConnectFailed)
            : new ConnectResult(new FakeConnection(endPoint, bufferLimit), default));
}
