using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.XProtocol.Connection;

namespace Mosn.Protocols.XProtocol;

/// <summary>
/// A multiplexed RPC protocol run by the X-protocol framework over its <see cref="IXProtocolCodec"/>: the server and
/// client stream connections, request-id rewriting upstream, heartbeats, error responses. Stateless and thread-safe;
/// one instance serves every connection. As an <see cref="IHeartbeatProtocol"/> it lends the codec's heartbeat to the
/// active health check.
/// </summary>
public sealed class XProtocolModule : IProtocol, IHeartbeatProtocol
{
    private readonly IXProtocolCodec _codec;
    private readonly XProtocolOptions _options;

    /// <summary>Creates the protocol for <paramref name="codec"/> with <paramref name="options"/> (or the defaults).</summary>
    public XProtocolModule(IXProtocolCodec codec, XProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codec = codec;
        _options = options ?? XProtocolOptions.Default;
        if (_options.MaxFrameSize <= 0 || _options.MaxHeaderCount < 0 || _options.MaxConcurrentRequests <= 0)
        {
            throw new ArgumentException("X protocol limits must be positive.", nameof(options));
        }

        if (_options.KeepaliveInterval > TimeSpan.Zero && (_options.KeepaliveTimeout <= TimeSpan.Zero || _options.KeepaliveFailuresToClose <= 0))
        {
            throw new ArgumentException("X protocol keepalive timeout and failure count must be positive.", nameof(options));
        }
    }

    /// <summary>The codec.</summary>
    public IXProtocolCodec Codec => _codec;

    /// <summary>The limits every connection of this protocol applies.</summary>
    public XProtocolOptions Options => _options;

    /// <inheritdoc />
    public string Name => _codec.Name;

    /// <inheritdoc />
    public bool IsMultiplexed => true;

    /// <inheritdoc />
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => _codec.Match(firstBytes);

    /// <inheritdoc />
    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        return new XServerConnection(connection, callbacks, _codec, _options);
    }

    /// <inheritdoc />
    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        return new XClientConnection(connection, callbacks, _codec, _options);
    }

    /// <inheritdoc />
    public void WriteHeartbeat(IBufferWriter<byte> output, ulong requestId)
    {
        ArgumentNullException.ThrowIfNull(output);
        _codec.EncodeHeartbeat(output, requestId);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Decodes with the codec and this protocol's limits. A <see cref="XFrameKind.HeartbeatAck"/> is successful when it
    /// carries no <see cref="PseudoHeaders.Status"/> (a protocol whose answers have no status) or a 2xx one (the codec's
    /// mapping of its success status).
    /// </remarks>
    public OperationStatus ReadHeartbeatAnswer(in ReadOnlySequence<byte> buffer, out long consumed, out ulong requestId, out bool isSuccessfulAnswer)
    {
        consumed = 0;
        requestId = 0;
        isSuccessfulAnswer = false;
        switch (_codec.Decode(buffer, _options, out var frame))
        {
            case XDecodeStatus.NeedMoreData:
                return OperationStatus.NeedMoreData;
            case XDecodeStatus.Malformed:
                return OperationStatus.InvalidData;
        }

        consumed = frame.Length;
        if (frame.Kind == XFrameKind.HeartbeatAck)
        {
            requestId = frame.RequestId;
            isSuccessfulAnswer = !frame.Headers.TryGet(PseudoHeaders.Status, out var status)
                || (status.Length == 3 && status[0] == '2');
        }

        return OperationStatus.Done;
    }
}
