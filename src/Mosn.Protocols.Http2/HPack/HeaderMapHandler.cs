using System.Text;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.HPack;

/// <summary>
/// An <see cref="IHeaderBlockHandler"/> that appends decoded fields to a <see cref="HeaderMap"/>, converting bytes to
/// strings as Latin-1 (one char per octet, lossless). Names found in the static table reuse its shared strings, so
/// only values and uncommon names allocate.
/// </summary>
/// <remarks>The never-indexed flag cannot be stored in a <see cref="HeaderMap"/> and is dropped; a caller that
/// forwards such fields to another HTTP/2 hop should use its own handler to keep it. Not thread-safe.</remarks>
internal readonly struct HeaderMapHandler : IHeaderBlockHandler
{
    /// <summary>Creates a handler that fills <paramref name="headers"/>.</summary>
    public HeaderMapHandler(HeaderMap headers) => Headers = headers;

    /// <summary>The map receiving the fields.</summary>
    public HeaderMap Headers { get; }

    /// <inheritdoc />
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags)
    {
        var index = HPackStaticTable.FindName(name);
        var nameString = index > 0 ? HPackStaticTable.GetNameString(index) : Encoding.Latin1.GetString(name);
        Headers.Add(nameString, value.IsEmpty ? string.Empty : Encoding.Latin1.GetString(value));
    }
}
