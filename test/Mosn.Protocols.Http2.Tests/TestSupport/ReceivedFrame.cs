using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// One frame written by the connection under test, decoded by <see cref="WireReader"/> and detached from the buffer.
/// A field block (HEADERS plus CONTINUATION) appears once, as a HEADERS frame carrying the decoded fields.
/// </summary>
internal sealed record ReceivedFrame(Http2FrameType Type, Http2FrameFlags Flags, uint StreamId)
{
    public Http2ErrorCode ErrorCode { get; init; }

    public uint LastStreamId { get; init; }

    public uint WindowIncrement { get; init; }

    public ulong PingData { get; init; }

    public IReadOnlyList<Http2Setting> Settings { get; init; } = [];

    /// <summary>DATA content, or GOAWAY debug data.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>The decoded fields of a HEADERS block, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public bool EndStream => Type is Http2FrameType.Data or Http2FrameType.Headers && (Flags & Http2FrameFlags.EndStream) != 0;

    public bool IsAck => Type is Http2FrameType.Settings or Http2FrameType.Ping && (Flags & Http2FrameFlags.Ack) != 0;

    /// <summary>The first value of a decoded field, or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key == name).Value;

    public uint? Setting(Http2SettingsParameter parameter) =>
        Settings.Where(s => s.Parameter == parameter).Select(s => (uint?)s.Value).LastOrDefault();

    public override string ToString() => Type switch
    {
        Http2FrameType.GoAway => $"GOAWAY(last={LastStreamId}, {ErrorCode}, \"{System.Text.Encoding.ASCII.GetString(Data)}\")",
        Http2FrameType.RstStream => $"RST_STREAM({StreamId}, {ErrorCode})",
        Http2FrameType.WindowUpdate => $"WINDOW_UPDATE({StreamId}, +{WindowIncrement})",
        Http2FrameType.Data => $"DATA({StreamId}, {Data.Length}{(EndStream ? ", END_STREAM" : string.Empty)})",
        Http2FrameType.Headers => $"HEADERS({StreamId}, {string.Join(' ', Headers.Select(h => h.Key + "=" + h.Value))}{(EndStream ? ", END_STREAM" : string.Empty)})",
        Http2FrameType.Settings => IsAck ? "SETTINGS(ACK)" : $"SETTINGS({string.Join(',', Settings.Select(s => s.Parameter + "=" + s.Value))})",
        Http2FrameType.Ping => $"PING({PingData}{(IsAck ? ", ACK" : string.Empty)})",
        _ => $"{Type}({StreamId})",
    };
}
