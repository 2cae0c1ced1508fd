using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http2.Connection;
using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2;

/// <summary>
/// The HTTP/2 protocol module (RFC 9113, h2c with prior knowledge): detection by the client connection preface, and
/// the server and client stream connections over our own frame codec and HPACK. Stateless and thread-safe; one
/// instance serves every connection.
/// </summary>
public sealed class Http2Protocol : IProtocol
{
    private readonly ILogger _logger;

    /// <summary>Creates the protocol without logging.</summary>
    public Http2Protocol()
        : this(null)
    {
    }

    /// <summary>Creates the protocol; its connections log through <paramref name="loggerFactory"/> (category <c>Mosn.Protocols.Http2</c>).</summary>
    public Http2Protocol(ILoggerFactory? loggerFactory) =>
        _logger = loggerFactory?.CreateLogger("Mosn.Protocols.Http2") ?? NullLogger.Instance;

    /// <inheritdoc />
    public string Name => ProtocolNames.Http2;

    /// <inheritdoc />
    public bool IsMultiplexed => true;

    /// <inheritdoc />
    /// <remarks><see cref="MatchResult.Success"/> once the 24-byte preface <c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c> is seen,
    /// <see cref="MatchResult.Again"/> while the bytes are a prefix of it.</remarks>
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes) => Http2ConnectionPreface.Match(firstBytes);

    /// <inheritdoc />
    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(options);
        return new Http2ServerConnection(connection, callbacks, options, _logger);
    }

    /// <inheritdoc />
    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(options);
        return new Http2ClientConnection(connection, callbacks, options, _logger);
    }
}
