using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Streams;

/// <summary>
/// The stream filters of one stream, grouped by phase, with the iteration state needed to pause (<see cref="StreamFilterStatus.Stop"/>)
/// and resume. Built per stream from the listener's <see cref="IStreamFilterChainFactory"/>s.
/// </summary>
/// <remarks>Not thread-safe: the owner (the proxy's downstream stream) serializes calls.</remarks>
public sealed class StreamFilterChain : IStreamFilterChainBuilder
{
    private List<IStreamReceiverFilter>?[]? _receivers;
    private List<IStreamSenderFilter>? _senders;

    /// <summary>An empty chain (no filters configured).</summary>
    public bool IsEmpty => _receivers is null && _senders is null;

    /// <summary>Creates the chain for one stream from <paramref name="factories"/>.</summary>
    public static StreamFilterChain Create(IReadOnlyList<IStreamFilterChainFactory> factories)
    {
        var chain = new StreamFilterChain();
        for (var i = 0; i < factories.Count; i++)
        {
            factories[i].CreateFilterChain(chain);
        }

        return chain;
    }

    /// <inheritdoc />
    public void AddReceiverFilter(IStreamReceiverFilter filter, StreamFilterPhase phase)
    {
        if (phase == StreamFilterPhase.BeforeSend)
        {
            throw new ArgumentException("Receiver filters run in BeforeRoute, AfterRoute or AfterChooseHost.", nameof(phase));
        }

        _receivers ??= new List<IStreamReceiverFilter>?[3];
        (_receivers[(int)phase] ??= []).Add(filter);
    }

    /// <inheritdoc />
    public void AddSenderFilter(IStreamSenderFilter filter) => (_senders ??= []).Add(filter);

    /// <summary>
    /// Runs the receiver filters of <paramref name="phase"/> from index <paramref name="start"/>. Returns the status that
    /// stopped the iteration (or Continue when all passed) and, for Stop, the index to resume from.
    /// </summary>
    public StreamFilterStatus RunReceivers(StreamFilterPhase phase, int start, IStreamReceiverFilterHandler handler, IHeaderMap headers, bool endStream, out int resumeAt)
    {
        resumeAt = 0;
        var list = _receivers?[(int)phase];
        if (list is null)
        {
            return StreamFilterStatus.Continue;
        }

        for (var i = start; i < list.Count; i++)
        {
            var status = list[i].OnReceive(handler, headers, endStream);
            if (status != StreamFilterStatus.Continue)
            {
                resumeAt = i + 1;
                return status;
            }
        }

        return StreamFilterStatus.Continue;
    }

    /// <summary>Runs the sender filters from index <paramref name="start"/>; same contract as <see cref="RunReceivers"/>.</summary>
    public StreamFilterStatus RunSenders(int start, IStreamSenderFilterHandler handler, IHeaderMap headers, bool endStream, out int resumeAt)
    {
        resumeAt = 0;
        var list = _senders;
        if (list is null)
        {
            return StreamFilterStatus.Continue;
        }

        for (var i = start; i < list.Count; i++)
        {
            var status = list[i].OnSend(handler, headers, endStream);
            if (status != StreamFilterStatus.Continue)
            {
                resumeAt = i + 1;
                return status;
            }
        }

        return StreamFilterStatus.Continue;
    }

    /// <summary>Calls <c>OnDestroy</c> on every filter once.</summary>
    public void Destroy()
    {
        if (_receivers is not null)
        {
            foreach (var list in _receivers)
            {
                if (list is null)
                {
                    continue;
                }

                foreach (var f in list)
                {
                    f.OnDestroy();
                }
            }
        }

        if (_senders is not null)
        {
            foreach (var f in _senders)
            {
                f.OnDestroy();
            }
        }

        _receivers = null;
        _senders = null;
    }
}
