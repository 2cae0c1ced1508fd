using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.ConnectionPools;

/// <summary>The read filter of a pooled upstream connection: hands every byte read to the client stream connection.</summary>
/// <remarks>Runs on the connection's read loop. It is the last filter, so it stops iteration after dispatching.</remarks>
internal sealed class StreamConnectionReadFilter : IReadFilter
{
    private readonly IStreamConnection _streamConnection;

    public StreamConnectionReadFilter(IStreamConnection streamConnection) => _streamConnection = streamConnection;

    /// <inheritdoc />
    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
    }

    /// <inheritdoc />
    public FilterStatus OnNewConnection() => FilterStatus.Continue;

    /// <inheritdoc />
    public FilterStatus OnData(ReadBuffer buffer)
    {
        _streamConnection.Dispatch(buffer);
        return FilterStatus.StopIteration;
    }
}
