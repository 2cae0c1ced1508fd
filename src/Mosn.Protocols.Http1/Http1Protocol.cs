using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Abstractions.Streams;
using Mosn.Protocols.Http1.Client;
using Mosn.Protocols.Http1.Codec;
using Mosn.Protocols.Http1.Server;

namespace Mosn.Protocols.Http1;

/// <summary>
/// The HTTP/1.1 (and 1.0) protocol module: detection, and the server and client stream connections that run our own
/// strict RFC 9112 codec over a connection. Stateless and thread-safe; one instance serves every connection.
/// </summary>
public sealed class Http1Protocol : IProtocol
{
    /// <summary>Longest detectable method ("OPTIONS", "CONNECT") plus its space.</summary>
    private const int MaxMatchBytes = 8;

    private static readonly byte[][] s_methodPrefixes = [.. KnownMethods.Detectable.Select(m => System.Text.Encoding.ASCII.GetBytes(m + " "))];

    private readonly ILogger _logger;

    /// <summary>Creates the protocol without logging.</summary>
    public Http1Protocol()
        : this(null)
    {
    }

    /// <summary>Creates the protocol; its connections log through <paramref name="loggerFactory"/> (category <c>Mosn.Protocols.Http1</c>).</summary>
    public Http1Protocol(ILoggerFactory? loggerFactory) =>
        _logger = loggerFactory?.CreateLogger("Mosn.Protocols.Http1") ?? NullLogger.Instance;

    /// <inheritdoc />
    public string Name => ProtocolNames.Http1;

    /// <inheritdoc />
    public bool IsMultiplexed => false;

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="MatchResult.Success"/> when the bytes start with a known upper-case method and a space (MOSN's list:
    /// GET, POST, PUT, DELETE, HEAD, OPTIONS, PATCH, TRACE, CONNECT, LINK, UNLINK); <see cref="MatchResult.Again"/>
    /// while they are a prefix of one; otherwise <see cref="MatchResult.Failed"/> (so the HTTP/2 preface "PRI * HTTP/2.0" fails).
    /// </remarks>
    public MatchResult Match(in ReadOnlySequence<byte> firstBytes)
    {
        Span<byte> head = stackalloc byte[MaxMatchBytes];
        var length = (int)Math.Min(firstBytes.Length, MaxMatchBytes);
        firstBytes.Slice(0, length).CopyTo(head);
        head = head[..length];
        var result = MatchResult.Failed;
        foreach (var prefix in s_methodPrefixes)
        {
            if (head.StartsWith(prefix))
            {
                return MatchResult.Success;
            }

            if (head.Length < prefix.Length && prefix.AsSpan().StartsWith(head))
            {
                result = MatchResult.Again;
            }
        }

        return result;
    }

    /// <inheritdoc />
    public IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(options);
        return new Http1ServerStreamConnection(connection, callbacks, options, _logger);
    }

    /// <inheritdoc />
    public IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(options);
        return new Http1ClientStreamConnection(connection, callbacks, options, _logger);
    }
}
