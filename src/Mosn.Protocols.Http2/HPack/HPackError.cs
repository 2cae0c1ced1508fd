namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// The outcome of decoding an HPACK header block (RFC 7541). Hostile or broken input is reported through these values,
/// never through exceptions.
/// </summary>
/// <remarks>
/// Every value except <see cref="None"/> and <see cref="HeaderListTooLarge"/> is a compression failure: HTTP/2
/// treats it as a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3), the caller sends GOAWAY, and the
/// <see cref="HPackDecoder"/> that reported it is unusable afterwards (its dynamic table no longer mirrors the peer's
/// encoder). <see cref="HPackErrorExtensions.IsCompressionError"/> makes that split explicit.
/// </remarks>
internal enum HPackError
{
    /// <summary>The block decoded completely; every header was delivered.</summary>
    None = 0,

    /// <summary>
    /// The decoded header list exceeded the decoder's maximum header list size (RFC 9113 SETTINGS_MAX_HEADER_LIST_SIZE).
    /// Headers past the limit were not delivered, but the whole block was processed, so the dynamic table is still in
    /// sync: this is a stream-level failure (reset the stream or answer 431), not a connection error.
    /// </summary>
    HeaderListTooLarge,

    /// <summary>The block ended in the middle of a representation (an integer or a string literal).</summary>
    Truncated,

    /// <summary>An integer exceeded 2^31-1 or used more continuation bytes than such a value needs (RFC 7541 §5.1).</summary>
    IntegerOverflow,

    /// <summary>An index was 0 or pointed past the static and dynamic tables (RFC 7541 §2.3.3).</summary>
    InvalidIndex,

    /// <summary>A Huffman-coded string held the EOS symbol, or padding longer than 7 bits or not made of ones (RFC 7541 §5.2).</summary>
    InvalidHuffmanCode,

    /// <summary>A string literal was longer than the decoder's maximum string length.</summary>
    StringTooLong,

    /// <summary>
    /// A dynamic table size update exceeded the SETTINGS_HEADER_TABLE_SIZE we advertised, came after the first header
    /// representation of a block, or was missing after we lowered the limit (RFC 7541 §4.2, §6.3).
    /// </summary>
    InvalidTableSizeUpdate,

    /// <summary>The decoder already failed on an earlier block; it must not be used again.</summary>
    DecoderFailed,
}
