using Mosn.Abstractions.Protocol;

namespace Mosn.Abstractions.Streams;

/// <summary>A stream filter on the response path. One instance per stream.</summary>
public interface IStreamSenderFilter
{
    /// <summary>Called once with the response headers before they are sent downstream; may change them.</summary>
    StreamFilterStatus OnSend(IStreamSenderFilterHandler handler, IHeaderMap headers, bool endStream);

    /// <summary>Called once when the stream ends.</summary>
    void OnDestroy();
}
