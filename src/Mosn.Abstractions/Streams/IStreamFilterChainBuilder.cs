namespace Mosn.Abstractions.Streams;

/// <summary>Given to stream filter factories for each new stream, to install filter instances.</summary>
public interface IStreamFilterChainBuilder
{
    /// <summary>Adds a request-path filter for <paramref name="phase"/> (one of the receiver phases).</summary>
    void AddReceiverFilter(IStreamReceiverFilter filter, StreamFilterPhase phase);

    /// <summary>Adds a response-path filter (phase <see cref="StreamFilterPhase.BeforeSend"/>).</summary>
    void AddSenderFilter(IStreamSenderFilter filter);
}
