using System.Collections.Concurrent;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A protocol whose client stream connections are <see cref="FakeClientStreamConnection"/>s.</summary>
public sealed class FakeProtocol(string name = "Http1", bool multiplexed = false) : IProtocol
{
    public string Name => name;
    public bool IsMultiplexed => multiplexed;
    public ConcurrentQueue<FakeClientStreamConnection> Created { get; } = new();

    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => MatchResult.Failed;

    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
        => throw new NotSupportedException();

    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        var client = new FakeClientStreamConnection(connection, callbacks, name);
        Created.Enqueue(client);
        return client;
    }
}
