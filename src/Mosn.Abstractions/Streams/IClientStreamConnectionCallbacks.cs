namespace Mosn.Abstractions.Streams;

/// <summary>Implemented by a connection pool: events of a client stream connection.</summary>
public interface IClientStreamConnectionCallbacks
{
    /// <summary>The peer said it will accept no more streams (HTTP/2 GOAWAY, HTTP/1 <c>Connection: close</c>).</summary>
    void OnGoAway() { }

    /// <summary>
    /// A stream left the connection and no longer counts in <see cref="IStreamConnection.ActiveStreamCount"/>. For a
    /// non-multiplexed protocol: the exchange finished cleanly and the connection may take another. For a multiplexed
    /// protocol: raised for every stream that leaves, reset ones included, so the pool can reuse the slot. Never raised
    /// while the stream connection holds its own lock.
    /// </summary>
    void OnStreamComplete() { }
}
