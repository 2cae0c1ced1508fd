namespace Mosn.Protocols.Http2.Frames;

/// <summary>Outcome of <see cref="Http2FrameReader.TryRead"/>.</summary>
internal enum Http2FrameStatus
{
    /// <summary>No complete frame yet; read more bytes and call again (after honouring the consumed position).</summary>
    NeedMore,
    /// <summary>A valid frame was read; it may be of an unknown type, which the caller skips (RFC 9113 §5.5).</summary>
    Frame,
    /// <summary>
    /// A frame broke a rule whose penalty is a stream error (RFC 9113 §5.4.2): answer with RST_STREAM carrying the
    /// error's code on the error's stream, and continue reading the connection.
    /// </summary>
    StreamError,
    /// <summary>
    /// A frame broke a rule whose penalty is a connection error (RFC 9113 §5.4.1): send GOAWAY with the error's code
    /// and close the connection; do not call the reader again.
    /// </summary>
    ConnectionError,
}
