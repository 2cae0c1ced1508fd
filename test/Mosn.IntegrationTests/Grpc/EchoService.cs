using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Mosn.IntegrationTests.Protos;

namespace Mosn.IntegrationTests.Grpc;

/// <summary>
/// The test implementation of <c>mosn.test.Echo</c>. Unary requests are driven by their text:
/// <c>fail:CODE:MESSAGE</c> ends the call with that status, message and an <c>x-error-detail</c> trailer;
/// <c>delay:MS</c> waits (observing cancellation) before answering; anything else is echoed. Every successful call
/// sends the request's <c>x-client-header</c> back as the <c>x-echo-header</c> response header and ends with the
/// trailers <c>x-custom-trailer</c> and <c>x-custom-bin</c> (binary).
/// </summary>
internal sealed class EchoService(GrpcBackend backend) : Echo.EchoBase
{
    /// <summary>The binary trailer value every successful call ends with.</summary>
    public static readonly byte[] BinaryTrailer = [0, 1, 2, 254, 255];

    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        backend.OnCall();
        if (request.Text.StartsWith("fail:", StringComparison.Ordinal))
        {
            var parts = request.Text.Split(':', 3);
            var code = (StatusCode)int.Parse(parts[1], CultureInfo.InvariantCulture);
            throw new RpcException(new Status(code, parts[2]), new Metadata { { "x-error-detail", "detail-" + parts[1] } });
        }

        if (request.Text.StartsWith("delay:", StringComparison.Ordinal))
        {
            var ms = int.Parse(request.Text.AsSpan(6), CultureInfo.InvariantCulture);
            backend.DelayStarted.TrySetResult();
            try
            {
                await Task.Delay(ms, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                backend.OnCancelled(nameof(Unary));
                throw;
            }
        }

        await EchoHeadersAsync(context);
        AddTrailers(context, request.Text);
        return new EchoReply { Text = request.Text, Sequence = request.Sequence, Payload = request.Payload };
    }

    public override async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        backend.OnCall();
        var count = 0;
        long bytes = 0;
        var text = new System.Text.StringBuilder();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            count++;
            bytes += request.Payload.Length;
            text.Append(request.Text);
        }

        AddTrailers(context, "collect");
        return new EchoReply { Text = text.ToString(), Count = count, Sequence = bytes };
    }

    public override async Task Expand(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        backend.OnCall();
        await EchoHeadersAsync(context);
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Sequence = i, Payload = request.Payload }, context.CancellationToken);
        }

        AddTrailers(context, "expand");
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        backend.OnCall();
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                await responseStream.WriteAsync(new EchoReply { Text = request.Text, Sequence = request.Sequence, Payload = request.Payload }, context.CancellationToken);
            }
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client (or the proxy on its behalf) reset the stream.
            backend.OnCancelled(nameof(Chat));
            throw;
        }

        AddTrailers(context, "chat");
    }

    private static async Task EchoHeadersAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-client-header") is { } value)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-echo-header", value } });
        }
    }

    private static void AddTrailers(ServerCallContext context, string value)
    {
        context.ResponseTrailers.Add("x-custom-trailer", "trailer-" + value);
        context.ResponseTrailers.Add("x-custom-bin", BinaryTrailer);
    }
}
