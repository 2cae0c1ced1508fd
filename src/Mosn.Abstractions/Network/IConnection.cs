using System.Buffers;
using System.Net;

namespace Mosn.Abstractions.Network;

/// <summary>
/// One TCP or Unix-domain-socket connection, downstream (accepted) or upstream (connected). The same type is used for both.
/// </summary>
/// <remarks>
/// <para>Reading: a single read loop presents received bytes to the read filters in order (<see cref="IReadFilter.OnData"/>).
/// Reading can be paused with <see cref="ReadDisable"/> (counted), which stops taking bytes from the socket, so the
/// kernel's window and then the peer are throttled (backpressure).</para>
/// <para>Writing: any thread may write. Writes are serialized by the connection and keep their order. Bytes are copied
/// into the connection's pooled send buffer before the call returns, so the caller's buffer can be reused at once.
/// When unsent bytes exceed <see cref="BufferLimit"/>, listeners get <see cref="IConnectionEventListener.OnAboveWriteBufferHighWatermark"/>,
/// and <see cref="IConnectionEventListener.OnBelowWriteBufferLowWatermark"/> when they drain.</para>
/// <para>No method throws for network failures: a failed connection raises a close event and further writes are dropped.</para>
/// </remarks>
public interface IConnection
{
    /// <summary>Process-unique id.</summary>
    ulong Id { get; }

    /// <summary>Local address (IP endpoint or Unix socket path).</summary>
    EndPoint? LocalAddress { get; }

    /// <summary>Peer address.</summary>
    EndPoint? RemoteAddress { get; }

    /// <summary>
    /// The destination the client originally connected to, when the connection was redirected to this proxy
    /// (transparent proxying: iptables REDIRECT's <c>SO_ORIGINAL_DST</c>, or the local address under TPROXY) and a
    /// listener filter restored it (MOSN's <c>use_original_dst</c>); null otherwise, and for upstream connections.
    /// Set before the connection's filters are created and never changed afterwards; read from any thread.
    /// The <c>ORIGINAL_DST</c> cluster connects to it. The default is null.
    /// </summary>
    EndPoint? OriginalDestination => null;

    /// <summary>Current state.</summary>
    ConnectionState State { get; }

    /// <summary>Bytes allowed in the send buffer before backpressure is signalled; also the most bytes buffered on the read side.</summary>
    long BufferLimit { get; }

    /// <summary>Close the connection after this long without reads or writes. <see cref="TimeSpan.Zero"/> disables it.</summary>
    TimeSpan IdleTimeout { get; set; }

    /// <summary>Adds a listener for connection events. Must be called before <see cref="Start"/> or from the connection's own callbacks.</summary>
    void AddConnectionEventListener(IConnectionEventListener listener);

    /// <summary>Adds a read filter at the end of the chain. Only before <see cref="Start"/>.</summary>
    void AddReadFilter(IReadFilter filter);

    /// <summary>Adds a write filter (write filters run last-added first). Only before <see cref="Start"/>.</summary>
    void AddWriteFilter(IWriteFilter filter);

    /// <summary>Starts the read loop: calls <see cref="IReadFilter.OnNewConnection"/> on each filter, then delivers data.</summary>
    void Start();

    /// <summary>Writes bytes (copied before return).</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Writes bytes (copied before return).</summary>
    void Write(in ReadOnlySequence<byte> data);

    /// <summary>
    /// Starts a serialized write: the returned writer appends to the send buffer until <see cref="EndWrite"/>, which
    /// must be called exactly once, on the same thread, with no await in between. Use it to encode directly into the
    /// send buffer without an intermediate copy.
    /// </summary>
    IBufferWriter<byte> BeginWrite();

    /// <summary>Ends the write started by <see cref="BeginWrite"/> and sends the bytes.</summary>
    void EndWrite();

    /// <summary>Pauses (<c>true</c>) or resumes (<c>false</c>) reading. Counted: each disable needs one enable.</summary>
    void ReadDisable(bool disable);

    /// <summary>True when reading is not paused.</summary>
    bool ReadEnabled { get; }

    /// <summary>Closes the connection. Idempotent. <paramref name="reason"/> is the event delivered to listeners (usually <see cref="ConnectionEvent.LocalClose"/>).</summary>
    void Close(ConnectionCloseType type, ConnectionEvent reason = ConnectionEvent.LocalClose);

    /// <summary>Completes when the connection is closed and its resources are released.</summary>
    Task Completion { get; }

    /// <summary>Total bytes read from the socket.</summary>
    long BytesRead { get; }

    /// <summary>Total bytes written to the send buffer.</summary>
    long BytesWritten { get; }
}
