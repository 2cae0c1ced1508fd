using System.Diagnostics.Tracing;

namespace Mosn.Benchmarks.EndToEnd;

/// <summary>
/// Ranks allocated types from the runtime's <c>GCAllocationTick</c> events (keyword GC, level Verbose): the runtime
/// samples one allocation every ~100 KB and names its type, which is enough to see where the bytes go.
/// </summary>
public sealed class AllocationTypeListener : EventListener
{
    private readonly Dictionary<string, long> _bytesByType = [];
    private readonly Lock _sync = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>Types by sampled bytes, largest first.</summary>
    public List<KeyValuePair<string, long>> Ranking()
    {
        lock (_sync)
        {
            return [.. _bytesByType.OrderByDescending(p => p.Value)];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        string? type = null;
        long amount = 0;
        for (var i = 0; i < eventData.Payload.Count; i++)
        {
            switch (eventData.PayloadNames![i])
            {
                case "TypeName":
                    type = eventData.Payload[i] as string;
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        lock (_sync)
        {
            var key = type ?? "?";
            _bytesByType[key] = _bytesByType.GetValueOrDefault(key) + amount;
        }
    }
}
