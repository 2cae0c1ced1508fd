using System.Buffers;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// Reads the status line of an HTTP/1.x response on a health-check connection (<c>HTTP/1.1 200 OK</c>) and completes
/// <see cref="Status"/> with the code; 0 when the bytes are not an HTTP/1 status line, the line is longer than
/// <see cref="MaxStatusLineLength"/>, or the connection closes first. Only the status matters: the rest is discarded.
/// </summary>
/// <remarks>Callbacks run on the connection's read loop and event thread; the result is set once, later calls are ignored.</remarks>
internal sealed class HttpStatusReader : IReadFilter, IConnectionEventListener
{
    /// <summary>Longest status line accepted.</summary>
    public const int MaxStatusLineLength = 1024;

    private static ReadOnlySpan<byte> HttpPrefix => "HTTP/1."u8;

    private readonly TaskCompletionSource<int> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the response status, or 0 on any failure.</summary>
    public Task<int> Status => _status.Task;

    /// <inheritdoc />
    public void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks)
    {
    }

    /// <inheritdoc />
    public FilterStatus OnNewConnection() => FilterStatus.Continue;

    /// <inheritdoc />
    public FilterStatus OnData(ReadBuffer buffer)
    {
        if (_status.Task.IsCompleted)
        {
            buffer.ConsumeAll();
            return FilterStatus.StopIteration;
        }

        var reader = new SequenceReader<byte>(buffer.Data);
        if (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            _status.TrySetResult(line.Length <= MaxStatusLineLength ? Parse(line) : 0);
        }
        else if (buffer.Length > MaxStatusLineLength || buffer.IsEndOfStream)
        {
            _status.TrySetResult(0);
        }
        else
        {
            return FilterStatus.StopIteration; // wait for the rest of the line
        }

        buffer.ConsumeAll();
        return FilterStatus.StopIteration;
    }

    /// <inheritdoc />
    public void OnEvent(ConnectionEvent connectionEvent)
    {
        if (connectionEvent.IsClose())
        {
            _status.TrySetResult(0);
        }
    }

    /// <summary>Parses <c>HTTP/1.x SSS reason</c> (the line without its <c>\n</c>); 0 when it is not one.</summary>
    internal static int Parse(in ReadOnlySequence<byte> line)
    {
        Span<byte> bytes = stackalloc byte[MaxStatusLineLength];
        var length = (int)Math.Min(line.Length, MaxStatusLineLength);
        line.Slice(0, length).CopyTo(bytes);
        var text = bytes[..length];
        // "HTTP/1.x" SP 3DIGIT (SP reason)?
        if (text.Length < 12 || !text.StartsWith(HttpPrefix) || !char.IsAsciiDigit((char)text[7]) || text[8] != (byte)' ')
        {
            return 0;
        }

        var code = text.Slice(9, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
        {
            return 0;
        }

        if (text.Length > 12 && text[12] is not ((byte)' ' or (byte)'\r'))
        {
            return 0;
        }

        return ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
    }
}
