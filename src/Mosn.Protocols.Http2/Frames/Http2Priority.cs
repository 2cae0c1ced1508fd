namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// The RFC 7540 priority fields of a PRIORITY frame or of a HEADERS frame with the PRIORITY flag (RFC 9113 §5.3.2,
/// §6.3). Deprecated by RFC 9113 but still parsed, validated and forwarded.
/// </summary>
/// <param name="StreamDependency">The stream this one depends on (31 bits); 0 for the root.</param>
/// <param name="Exclusive">The E bit: the dependency is exclusive.</param>
/// <param name="Weight">The weight, 1..256 (the wire octet plus one).</param>
internal readonly record struct Http2Priority(uint StreamDependency, bool Exclusive, int Weight)
{
    /// <summary>The default priority of a new stream: depends on stream 0, not exclusive, weight 16 (§5.3.5 of RFC 7540).</summary>
    public static Http2Priority Default => new(0, false, 16);
}
