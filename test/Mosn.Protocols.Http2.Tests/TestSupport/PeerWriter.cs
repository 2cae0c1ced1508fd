using System.Text;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// Builds the frames a (possibly hostile) peer sends, with its own HPACK encoder. Field names are encoded byte for byte
/// (no lowercasing), so malformed blocks can be built. By default fields are literals without indexing, so a block
/// that is built but never sent does not desynchronise the HPACK contexts; pass <see cref="HPackIndexing.Incremental"/>
/// explicitly to use the dynamic table.
/// </summary>
internal sealed class PeerWriter
{
    private readonly HPackEncoder _encoder = new();

    /// <summary>The largest frame we may send (the connection's SETTINGS_MAX_FRAME_SIZE).</summary>
    public int MaxFrameSize { get; set; } = Http2Constants.DefaultMaxFrameSize;

    public static byte[] Preface() => Http2ConnectionPreface.ClientMagic.ToArray();

    /// <summary>Encodes one field block.</summary>
    public byte[] Block(IEnumerable<(string Name, string Value)> fields, HPackIndexing indexing = HPackIndexing.WithoutIndexing)
    {
        var output = new ArrayBufferWriter<byte>();
        _encoder.BeginHeaderBlock(output);
        foreach (var (name, value) in fields)
        {
            _encoder.EncodeHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value), indexing, output);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>HEADERS (plus CONTINUATION past the frame size) carrying <paramref name="fields"/>.</summary>
    public byte[] Headers(uint streamId, bool endStream, params (string Name, string Value)[] fields) =>
        HeadersBlock(streamId, Block(fields), endStream);

    /// <summary>HEADERS (plus CONTINUATION past the frame size) carrying an already encoded block.</summary>
    public byte[] HeadersBlock(uint streamId, byte[] block, bool endStream) =>
        Write(o => Http2FrameWriter.WriteHeaders(o, streamId, block, endStream, MaxFrameSize));

    /// <summary>A request: GET http://example.com/path, plus <paramref name="extra"/> regular fields.</summary>
    public byte[] Request(uint streamId, bool endStream, string method = "GET", string path = "/", params (string Name, string Value)[] extra) =>
        Headers(streamId, endStream, [(":method", method), (":scheme", "http"), (":authority", "example.com"), (":path", path), .. extra]);

    /// <summary>A response with <paramref name="status"/> plus <paramref name="extra"/> regular fields.</summary>
    public byte[] Response(uint streamId, bool endStream, int status = 200, params (string Name, string Value)[] extra) =>
        Headers(streamId, endStream, [(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. extra]);

    public byte[] Data(uint streamId, byte[] data, bool endStream) =>
        Write(o => Http2FrameWriter.WriteData(o, streamId, data, endStream, MaxFrameSize));

    public byte[] Data(uint streamId, int length, bool endStream) => Data(streamId, Fill(length), endStream);

    public static byte[] Settings(params Http2Setting[] settings) => Write(o => Http2FrameWriter.WriteSettings(o, settings));

    public static byte[] SettingsAck() => Write(Http2FrameWriter.WriteSettingsAck);

    public static byte[] Ping(ulong data, bool ack = false) => Write(o => Http2FrameWriter.WritePing(o, data, ack));

    public static byte[] RstStream(uint streamId, Http2ErrorCode code) => Write(o => Http2FrameWriter.WriteRstStream(o, streamId, code));

    public static byte[] WindowUpdate(uint streamId, uint increment) => Write(o => Http2FrameWriter.WriteWindowUpdate(o, streamId, increment));

    public static byte[] GoAway(uint lastStreamId, Http2ErrorCode code) => Write(o => Http2FrameWriter.WriteGoAway(o, lastStreamId, code));

    public static byte[] Priority(uint streamId, uint dependency = 0) =>
        Write(o => Http2FrameWriter.WritePriority(o, streamId, new Http2Priority(dependency, false, 16)));

    /// <summary>A raw frame of any shape (for frames the writer refuses to build).</summary>
    public static byte[] Raw(Http2FrameType type, Http2FrameFlags flags, uint streamId, byte[] payload) =>
        Frames.FrameBytes.Frame(type, flags, streamId, payload);

    /// <summary>Bytes 0..length-1 as a repeating pattern, so misordered bytes show.</summary>
    public static byte[] Fill(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i + seed) % 251);
        }

        return bytes;
    }

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return output.WrittenSpan.ToArray();
    }
}
