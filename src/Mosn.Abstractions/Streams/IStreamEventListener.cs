namespace Mosn.Abstractions.Streams;

/// <summary>Stream-level events. Called on the thread that detected the event; must not block.</summary>
public interface IStreamEventListener
{
    /// <summary>The stream was reset; no further callbacks for it follow. Delivered at most once.</summary>
    void OnResetStream(StreamResetReason reason);

    /// <summary>The stream's connection has more unsent bytes than its limit: stop producing data for it.</summary>
    void OnAboveWriteBufferHighWatermark() { }

    /// <summary>The connection drained: producing may resume.</summary>
    void OnBelowWriteBufferLowWatermark() { }
}
