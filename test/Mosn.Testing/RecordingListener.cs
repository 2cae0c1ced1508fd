using Mosn.Abstractions.Streams;

namespace Mosn.Testing;

/// <summary>Records stream events.</summary>
public sealed class RecordingListener : IStreamEventListener
{
    public List<StreamResetReason> Resets { get; } = [];

    public int AboveHighWatermark { get; private set; }

    public void OnResetStream(StreamResetReason reason) => Resets.Add(reason);

    public int BelowLowWatermark { get; private set; }

    public Action? OnAbove { get; set; }

    public void OnAboveWriteBufferHighWatermark()
    {
        AboveHighWatermark++;
        OnAbove?.Invoke();
    }

    public void OnBelowWriteBufferLowWatermark() => BelowLowWatermark++;
}
