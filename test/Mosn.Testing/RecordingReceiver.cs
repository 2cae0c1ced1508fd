using System.Buffers;
using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Testing;

/// <summary>Records what a stream receiver gets, and fails loudly on a callback after the side ended.</summary>
public sealed class RecordingReceiver : IStreamReceiver
{
    private readonly MemoryStream _body = new();

    public RecordingReceiver(IStreamSender? sender = null) => Sender = sender;

    public IStreamSender? Sender { get; }

    public IHeaderMap? Headers { get; private set; }

    public bool HeadersEndStream { get; private set; }

    public IHeaderMap? Trailers { get; private set; }

    public bool Ended { get; private set; }

    public int DataCalls { get; private set; }

    public long BodyLength { get; private set; }

    /// <summary>Keep body bytes (off for huge bodies).</summary>
    public bool KeepBody { get; set; } = true;

    public string BodyText => Encoding.Latin1.GetString(_body.ToArray());

    public Action<RecordingReceiver>? OnHeadersHook { get; set; }

    public Action<RecordingReceiver>? OnDataHook { get; set; }

    public Action<RecordingReceiver>? OnEndHook { get; set; }

    public void OnHeaders(IHeaderMap headers, bool endStream)
    {
        if (Headers is not null || Ended)
        {
            throw new InvalidOperationException("OnHeaders twice or after the end.");
        }

        Headers = headers;
        HeadersEndStream = endStream;
        Ended = endStream;
        OnHeadersHook?.Invoke(this);
        if (endStream)
        {
            OnEndHook?.Invoke(this);
        }
    }

    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        if (Headers is null || Ended)
        {
            throw new InvalidOperationException("OnData before headers or after the end.");
        }

        DataCalls++;
        BodyLength += data.Length;
        if (KeepBody)
        {
            foreach (var segment in data)
            {
                _body.Write(segment.Span);
            }
        }

        Ended = endStream;
        OnDataHook?.Invoke(this);
        if (endStream)
        {
            OnEndHook?.Invoke(this);
        }
    }

    public void OnTrailers(IHeaderMap trailers)
    {
        if (Headers is null || Ended)
        {
            throw new InvalidOperationException("OnTrailers before headers or after the end.");
        }

        Trailers = trailers;
        Ended = true;
        OnEndHook?.Invoke(this);
    }

    /// <summary>A canonical description: headers, body and trailers.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            text.Append(name).Append('=').Append(value).Append(';');
        }

        text.Append("|body=").Append(BodyText).Append("|ended=").Append(Ended);
        foreach (var (name, value) in Trailers ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            text.Append("|t:").Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }
}
