namespace Mosn.Protocols.Http2.HPack;

/// <summary>Classification helpers for <see cref="HPackError"/>.</summary>
internal static class HPackErrorExtensions
{
    /// <summary>
    /// True when <paramref name="error"/> is a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3): everything
    /// except <see cref="HPackError.None"/> and the stream-level <see cref="HPackError.HeaderListTooLarge"/>.
    /// </summary>
    public static bool IsCompressionError(this HPackError error) => error is not HPackError.None and not HPackError.HeaderListTooLarge;
}
