using Mosn.Abstractions.Streams;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>Records the filters a stream filter factory installs.</summary>
public sealed class RecordingStreamFilterChainBuilder : IStreamFilterChainBuilder
{
    public List<(IStreamReceiverFilter Filter, StreamFilterPhase Phase)> Receivers { get; } = [];

    public List<IStreamSenderFilter> Senders { get; } = [];

    public void AddReceiverFilter(IStreamReceiverFilter filter, StreamFilterPhase phase) => Receivers.Add((filter, phase));

    public void AddSenderFilter(IStreamSenderFilter filter) => Senders.Add(filter);
}
