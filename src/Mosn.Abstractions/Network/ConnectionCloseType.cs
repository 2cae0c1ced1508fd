namespace Mosn.Abstractions.Network;

/// <summary>How a connection is closed.</summary>
public enum ConnectionCloseType
{
    /// <summary>Send what is already written, then close (FIN).</summary>
    FlushWrite,
    /// <summary>Close at once, discarding unsent bytes (reset where the transport allows).</summary>
    NoFlush,
    /// <summary>
    /// Lingering close: send what is already written, then keep reading and discarding what the peer still sends until
    /// it closes its side or a bounded time passes, and only then close. A server uses it when it closes after a
    /// response while the peer may still be sending (an unread request body, pipelined requests): closing a socket with
    /// unread bytes makes the kernel send a reset, which can destroy the response before the peer reads it. For the
    /// connection's users it is a close like the others: the state is <see cref="ConnectionState.Closed"/> and the close
    /// event is raised at once; no read filter sees the discarded bytes. A later <see cref="IConnection.Close"/> call
    /// ends the lingering at once.
    /// </summary>
    FlushWriteAndDelay,
}
