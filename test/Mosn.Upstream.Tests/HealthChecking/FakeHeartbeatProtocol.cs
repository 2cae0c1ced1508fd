using System.Buffers;
using System.Buffers.Binary;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;

namespace Mosn.Upstream.Tests.HealthChecking;

/// <summary>
/// A protocol with a heartbeat, framed as one kind byte and an 8-byte big-endian id: <c>H</c> a heartbeat, <c>A</c> a
/// successful answer, <c>F</c> a failed answer, <c>R</c> some other frame; any other kind byte is malformed.
/// </summary>
public sealed class FakeHeartbeatProtocol : IProtocol, IHeartbeatProtocol
{
    public const int FrameLength = 9;

    public FakeHeartbeatProtocol(string name = "fakerpc") => Name = name;

    public string Name { get; }

    public bool IsMultiplexed => true;

    public static byte[] Frame(char kind, ulong id)
    {
        var frame = new byte[FrameLength];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(1), id);
        return frame;
    }

    /// <summary>The ids of the heartbeats in <paramref name="writes"/>.</summary>
    public static List<ulong> HeartbeatIds(IEnumerable<byte[]> writes) =>
        [.. writes.Where(w => w.Length == FrameLength && w[0] == 'H').Select(w => BinaryPrimitives.ReadUInt64BigEndian(w.AsSpan(1)))];

    public void WriteHeartbeat(IBufferWriter<byte> output, ulong requestId) => output.Write(Frame('H', requestId));

    public OperationStatus ReadHeartbeatAnswer(in ReadOnlySequence<byte> buffer, out long consumed, out ulong requestId, out bool isSuccessfulAnswer)
    {
        consumed = 0;
        requestId = 0;
        isSuccessfulAnswer = false;
        if (buffer.Length < FrameLength)
        {
            return OperationStatus.NeedMoreData;
        }

        Span<byte> frame = stackalloc byte[FrameLength];
        buffer.Slice(0, FrameLength).CopyTo(frame);
        var id = BinaryPrimitives.ReadUInt64BigEndian(frame[1..]);
        switch ((char)frame[0])
        {
            case 'A':
                requestId = id;
                isSuccessfulAnswer = true;
                break;
            case 'F':
                requestId = id;
                break;
            case 'R' or 'H':
                break;
            default:
                return OperationStatus.InvalidData;
        }

        consumed = FrameLength;
        return OperationStatus.Done;
    }

    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => MatchResult.Failed;

    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options) =>
        throw new NotSupportedException();

    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options) =>
        throw new NotSupportedException();
}
