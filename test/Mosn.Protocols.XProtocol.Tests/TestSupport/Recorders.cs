using System.Collections.Concurrent;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Protocols.XProtocol.Tests.TestSupport;

/// <summary>Records what a stream receiver gets (headers, a copy of the body, the end).</summary>
internal sealed class RecordingStreamReceiver : IStreamReceiver, IStreamEventListener
{
    public IHeaderMap? Headers { get; private set; }

    public byte[] Body { get; private set; } = [];

    public bool Ended { get; private set; }

    public int HeadersCalls { get; private set; }

    public StreamResetReason? Reset { get; private set; }

    public Action<IHeaderMap>? OnHeadersHook { get; set; }

    public void OnHeaders(IHeaderMap headers, bool endStream)
    {
        HeadersCalls++;
        Headers = headers;
        Ended = endStream;
        OnHeadersHook?.Invoke(headers);
    }

    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        Body = [.. Body, .. data.ToArray()];
        Ended = endStream;
    }

    public void OnTrailers(IHeaderMap trailers) => Ended = true;

    public void OnResetStream(StreamResetReason reason) => Reset = reason;
}

/// <summary>A server callback that records each new stream and its request.</summary>
internal sealed class RecordingServerCallbacks : IServerStreamConnectionCallbacks
{
    public ConcurrentQueue<(IStreamSender Sender, RecordingStreamReceiver Receiver)> Streams { get; } = new();

    public IStreamReceiver OnNewStream(IStreamSender responseSender)
    {
        var receiver = new RecordingStreamReceiver();
        Streams.Enqueue((responseSender, receiver));
        return receiver;
    }
}

/// <summary>A pool stand-in that counts completions and GoAways.</summary>
internal sealed class CountingClientCallbacks : IClientStreamConnectionCallbacks
{
    private int _completions;
    private int _goAways;

    public int Completions => Volatile.Read(ref _completions);

    public int GoAways => Volatile.Read(ref _goAways);

    public void OnStreamComplete() => Interlocked.Increment(ref _completions);

    public void OnGoAway() => Interlocked.Increment(ref _goAways);
}
