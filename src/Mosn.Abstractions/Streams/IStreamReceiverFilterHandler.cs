using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>What a receiver filter may do with its stream. Valid until the filter's <c>OnDestroy</c>.</summary>
public interface IStreamReceiverFilterHandler
{
    /// <summary>The phase the current call belongs to.</summary>
    StreamFilterPhase Phase { get; }

    /// <summary>The request headers.</summary>
    IHeaderMap RequestHeaders { get; }

    /// <summary>The route matched so far (null before <see cref="StreamFilterPhase.AfterRoute"/> or when none matched).</summary>
    Router.IRoute? Route { get; }

    /// <summary>Facts about the request gathered so far.</summary>
    IRequestInfo RequestInfo { get; }

    /// <summary>The downstream connection.</summary>
    Network.IConnection Connection { get; }

    /// <summary>Resumes the chain after the filter returned <see cref="StreamFilterStatus.Stop"/>. Callable from any thread, once.</summary>
    void ContinueReceiving();

    /// <summary>
    /// Replies downstream with <paramref name="statusCode"/> (an HTTP status; RPC protocols map it to their own code)
    /// and ends the stream. Callable from any thread, after which the filter should return or have returned
    /// <see cref="StreamFilterStatus.Termination"/>/<see cref="StreamFilterStatus.Stop"/>.
    /// </summary>
    void SendLocalReply(int statusCode, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null);
}
