using System.Net;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>
/// A request body that sends <c>prefixLength</c> bytes and then never finishes: it waits until the request is
/// cancelled. Used to cancel a request in the middle of its body.
/// </summary>
public sealed class StallingContent(int prefixLength) : HttpContent
{
    /// <summary>Completes once the prefix has been handed to the transport.</summary>
    public TaskCompletionSource PrefixSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(new byte[prefixLength], cancellationToken);
        await stream.FlushAsync(cancellationToken);
        PrefixSent.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
