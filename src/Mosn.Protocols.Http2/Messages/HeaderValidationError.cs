namespace Mosn.Protocols.Http2.Messages;

/// <summary>
/// Why a decoded field block is malformed (RFC 9113 §8.1.1, §8.2, §8.3). Every value except <see cref="None"/>
/// and <see cref="TooManyFields"/> is a stream error of type PROTOCOL_ERROR; <see cref="TooManyFields"/> is answered
/// with 431 on the server side.
/// </summary>
internal enum HeaderValidationError
{
    /// <summary>The block is well-formed.</summary>
    None,
    /// <summary>A field name is empty, has uppercase letters or characters outside the token set.</summary>
    InvalidName,
    /// <summary>A field value holds NUL, CR or LF, or starts or ends with whitespace.</summary>
    InvalidValue,
    /// <summary>A pseudo-header field after a regular field.</summary>
    PseudoHeaderAfterRegular,
    /// <summary>A pseudo-header field this kind of block must not carry, or an unknown one.</summary>
    UnexpectedPseudoHeader,
    /// <summary>A pseudo-header field given twice.</summary>
    DuplicatePseudoHeader,
    /// <summary>A required pseudo-header field is missing or empty (<c>:method</c>, <c>:scheme</c>, <c>:path</c>, <c>:status</c>).</summary>
    MissingPseudoHeader,
    /// <summary>A connection-specific field (<c>connection</c>, <c>keep-alive</c>, <c>transfer-encoding</c>, ...) or <c>te</c> other than "trailers".</summary>
    ConnectionSpecificHeader,
    /// <summary>A <c>content-length</c> that is not a number, or several that disagree.</summary>
    InvalidContentLength,
    /// <summary><c>:status</c> is not three digits.</summary>
    InvalidStatus,
    /// <summary><c>:path</c> is neither an origin-form path nor <c>*</c> for OPTIONS.</summary>
    InvalidPath,
    /// <summary>A <c>host</c> field that disagrees with <c>:authority</c>.</summary>
    HostMismatch,
    /// <summary>More fields than the configured maximum.</summary>
    TooManyFields,
}
