using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>Completes <see cref="Response"/> when the response ends.</summary>
public sealed class SignalReceiver : IStreamReceiver
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Response => _done.Task;

    public void OnHeaders(IHeaderMap headers, bool endStream)
    {
        if (endStream)
        {
            _done.TrySetResult();
        }
    }

    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        if (endStream)
        {
            _done.TrySetResult();
        }
    }

    public void OnTrailers(IHeaderMap trailers) => _done.TrySetResult();
}
