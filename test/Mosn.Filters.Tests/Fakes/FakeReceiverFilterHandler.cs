using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Router;
using Mosn.Abstractions.Streams;
using Mosn.Streams;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>Records what a receiver filter does with its stream.</summary>
public sealed class FakeReceiverFilterHandler : IStreamReceiverFilterHandler
{
    public StreamFilterPhase Phase { get; set; } = StreamFilterPhase.AfterRoute;

    public IHeaderMap RequestHeaders { get; set; } = new HeaderMap();

    public IRoute? Route { get; set; }

    public IRequestInfo RequestInfo => throw new NotSupportedException();

    public IConnection Connection => throw new NotSupportedException();

    public int ContinueCount { get; private set; }

    public List<int> LocalReplies { get; } = [];

    public void ContinueReceiving() => ContinueCount++;

    public void SendLocalReply(int statusCode, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null) => LocalReplies.Add(statusCode);
}
