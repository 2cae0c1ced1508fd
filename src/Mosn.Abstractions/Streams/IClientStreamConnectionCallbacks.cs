namespace Mosn.Abstractions.Streams;

/// <summary>Implemented by a connection pool: events of a client stream connection.</summary>
public interface IClientStreamConnectionCallbacks
{
    /// <summary>The peer said it will accept no more streams (HTTP/2 GOAWAY, HTTP/1 <c>Connection: close</c>).</summary>
    void OnGoAway() { }

    /// <summary>A stream finished cleanly (request sent and response received); the connection may take another.</summary>
    void OnStreamComplete() { }
}
