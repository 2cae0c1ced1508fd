using System.Buffers;
using Mosn.Abstractions.Network;
using Mosn.Abstractions.Streams;

namespace Mosn.Abstractions.Protocol;

/// <summary>
/// One protocol module: detection, and the stream connections that run it over a connection. Registered by
/// <see cref="Name"/>; adding a protocol touches no core code.
/// </summary>
public interface IProtocol
{
    /// <summary>Name as written in config (<see cref="ProtocolNames"/>).</summary>
    string Name { get; }

    /// <summary>Whether streams of this protocol are multiplexed on a connection (true) or one at a time (false).</summary>
    bool IsMultiplexed { get; }

    /// <summary>Decides from the first bytes of a connection whether it speaks this protocol.</summary>
    MatchResult Match(in ReadOnlySequence<byte> firstBytes);

    /// <summary>Creates the server side for an accepted connection. The caller feeds it bytes through <see cref="IStreamConnection.Dispatch"/>.</summary>
    IServerStreamConnection CreateServerStreamConnection(IConnection connection, IServerStreamConnectionCallbacks callbacks, ProtocolOptions options);

    /// <summary>Creates the client side for an upstream connection.</summary>
    IClientStreamConnection CreateClientStreamConnection(IConnection connection, IClientStreamConnectionCallbacks callbacks, ProtocolOptions options);
}
