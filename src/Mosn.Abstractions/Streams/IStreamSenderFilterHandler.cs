using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>What a sender filter may do with its stream.</summary>
public interface IStreamSenderFilterHandler
{
    /// <summary>The request headers (read-only use).</summary>
    IHeaderMap RequestHeaders { get; }

    /// <summary>Facts about the request.</summary>
    IRequestInfo RequestInfo { get; }

    /// <summary>Resumes the response after the filter returned <see cref="StreamFilterStatus.Stop"/>. Callable from any thread, once.</summary>
    void ContinueSending();
}
