using System.Text;
using Mosn.Protocols.Http2.Frames;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>
/// Decodes the bytes a connection under test wrote, incrementally: each <see cref="Read"/> returns the frames added since
/// the last call. Plays the peer's receive side, with its own frame reader and HPACK decoder, so every field block is
/// checked against a real decoder. A frame the reader rejects fails the test: the code under test wrote bad bytes.
/// </summary>
internal sealed class WireReader
{
    private readonly Http2FrameReader _reader;
    private readonly HPackDecoder _decoder = new(HPackDecoder.DefaultHeaderTableSize, 1 << 24);
    private readonly int _prefaceLength;
    private readonly List<byte> _block = [];
    private int _offset;
    private ReceivedFrame? _openBlock;

    /// <summary>Reads what a server wrote (<paramref name="readsServer"/>), or what a client wrote (after its preface).</summary>
    public WireReader(bool readsServer)
    {
        _reader = new Http2FrameReader(isServer: !readsServer);
        _prefaceLength = readsServer ? 0 : Http2ConnectionPreface.Length;
    }

    /// <summary>The largest frame accepted (our advertised SETTINGS_MAX_FRAME_SIZE as the peer).</summary>
    public int MaxFrameSize
    {
        get => _reader.MaxFrameSize;
        set => _reader.MaxFrameSize = value;
    }

    /// <summary>Whether the client preface was found at the start (client side only).</summary>
    public bool SawPreface { get; private set; }

    /// <summary>The frames in <paramref name="written"/> past what earlier calls returned.</summary>
    public List<ReceivedFrame> Read(byte[] written)
    {
        var frames = new List<ReceivedFrame>();
        if (_offset == 0 && _prefaceLength > 0)
        {
            if (written.Length < _prefaceLength)
            {
                return frames;
            }

            SawPreface = written.AsSpan(0, _prefaceLength).SequenceEqual(Http2ConnectionPreface.ClientMagic);
            Assert.True(SawPreface, "the client did not start with the connection preface");
            _offset = _prefaceLength;
        }

        while (true)
        {
            var input = new ReadOnlySequence<byte>(written, _offset, written.Length - _offset);
            var status = _reader.TryRead(input, out var consumed, out var frame, out var error);
            if (status == Http2FrameStatus.NeedMore)
            {
                _offset += (int)input.Slice(0, consumed).Length;
                return frames;
            }

            Assert.True(status == Http2FrameStatus.Frame, $"the connection wrote an invalid frame: {error}");
            var received = Convert(frame);
            _offset += (int)input.Slice(0, consumed).Length;
            if (received is not null)
            {
                frames.Add(received);
            }
        }
    }

    private ReceivedFrame? Convert(in Http2Frame frame)
    {
        var basic = new ReceivedFrame(frame.Type, frame.Flags, frame.StreamId);
        switch (frame.Type)
        {
            case Http2FrameType.Headers:
                _block.Clear();
                _block.AddRange(frame.Content.ToArray());
                if (!frame.EndHeaders)
                {
                    _openBlock = basic;
                    return null;
                }

                return basic with { Headers = DecodeBlock() };
            case Http2FrameType.Continuation:
                Assert.NotNull(_openBlock);
                _block.AddRange(frame.Content.ToArray());
                if (!frame.EndHeaders)
                {
                    return null;
                }

                var opened = _openBlock;
                _openBlock = null;
                return opened with { Headers = DecodeBlock() };
            case Http2FrameType.Data:
                return basic with { Data = frame.Content.ToArray() };
            case Http2FrameType.Settings:
                var settings = new List<Http2Setting>();
                foreach (var setting in frame.GetSettings())
                {
                    settings.Add(setting);
                }

                return basic with { Settings = settings };
            case Http2FrameType.GoAway:
                return basic with { LastStreamId = frame.LastStreamId, ErrorCode = frame.ErrorCode, Data = frame.Content.ToArray() };
            case Http2FrameType.RstStream:
                return basic with { ErrorCode = frame.ErrorCode };
            case Http2FrameType.WindowUpdate:
                return basic with { WindowIncrement = frame.WindowSizeIncrement };
            case Http2FrameType.Ping:
                return basic with { PingData = frame.PingData };
            default:
                return basic;
        }
    }

    private List<KeyValuePair<string, string>> DecodeBlock()
    {
        var handler = new FieldList();
        var result = _decoder.Decode(new ReadOnlySequence<byte>(_block.ToArray()), ref handler);
        Assert.Equal(HPackError.None, result);
        return handler.Fields;
    }

    private readonly struct FieldList : IHeaderBlockHandler
    {
        public FieldList()
        {
        }

        public List<KeyValuePair<string, string>> Fields { get; } = [];

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags) =>
            Fields.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
