using System.Collections.Concurrent;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A multiplexed protocol whose client stream connections are <see cref="FakeMultiplexClientStreamConnection"/>s.</summary>
public sealed class FakeMultiplexProtocol(string name = "Http2", int maxConcurrentStreams = 100) : IProtocol
{
    public string Name => name;
    public bool IsMultiplexed => true;
    public ConcurrentQueue<FakeMultiplexClientStreamConnection> Created { get; } = new();

    /// <summary>The stream limit given to connections created from now on (the peer's SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public int MaxConcurrentStreams { get; set; } = maxConcurrentStreams;

    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => MatchResult.Failed;

    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
        => throw new NotSupportedException();

    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        var client = new FakeMultiplexClientStreamConnection(connection, callbacks, name, MaxConcurrentStreams);
        Created.Enqueue(client);
        return client;
    }
}
