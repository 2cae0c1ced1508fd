namespace Mosn.Protocols.Http2.Frames;

/// <summary>Outcome of feeding a frame to <see cref="HeaderBlockAssembler"/>.</summary>
internal enum HeaderBlockStatus
{
    /// <summary>The fragment was kept; CONTINUATION frames must follow until END_HEADERS.</summary>
    Incomplete,
    /// <summary>END_HEADERS arrived: <see cref="HeaderBlockAssembler.Block"/> holds the whole field block.</summary>
    Complete,
    /// <summary>
    /// The frame breaks field-block sequencing (CONTINUATION with no open block or on another stream, or a new
    /// block while one is open): a connection error of type PROTOCOL_ERROR (RFC 9113 §6.10).
    /// </summary>
    UnexpectedFrame,
    /// <summary>
    /// The field block grew past <see cref="HeaderBlockAssembler.MaxHeaderBlockSize"/>. The block was dropped, so
    /// the HPACK context cannot be kept in step: end the connection (GOAWAY ENHANCE_YOUR_CALM or COMPRESSION_ERROR)
    /// and count it. A peer sending a large but legal block deserves the 431 answer: size the limit accordingly.
    /// </summary>
    TooLarge,
    /// <summary>
    /// More than <see cref="HeaderBlockAssembler.MaxContinuationFrames"/> CONTINUATION frames in one block (a
    /// CONTINUATION flood, CVE-2024-27316 family): end the connection with ENHANCE_YOUR_CALM and count it.
    /// </summary>
    TooManyContinuations,
}
