using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.Frames;

/// <summary>
/// A comparable copy of one <see cref="Http2FrameReader.TryRead"/> result, detached from the input buffer.
/// </summary>
internal sealed record FrameSnapshot(
    Http2FrameStatus Status,
    Http2FrameHeader Header,
    string Content,
    Http2FrameError Error,
    uint WindowSizeIncrement,
    uint LastStreamId,
    uint PromisedStreamId,
    Http2ErrorCode ErrorCode,
    Http2Priority Priority,
    ulong PingData,
    string Settings)
{
    public static FrameSnapshot From(Http2FrameStatus status, in Http2Frame frame, in Http2FrameError error)
    {
        var settings = new List<string>();
        foreach (var setting in frame.GetSettings())
        {
            settings.Add($"{setting.Parameter}={setting.Value}");
        }

        return new FrameSnapshot(
            status,
            frame.Header,
            Convert.ToHexString(frame.Content.ToArray()),
            error,
            frame.WindowSizeIncrement,
            frame.LastStreamId,
            frame.PromisedStreamId,
            frame.ErrorCode,
            frame.Priority,
            frame.PingData,
            string.Join(",", settings));
    }
}
