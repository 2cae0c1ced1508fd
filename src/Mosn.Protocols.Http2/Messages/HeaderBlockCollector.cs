using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.HPack;
using Mosn.Streams;

namespace Mosn.Protocols.Http2.Messages;

/// <summary>
/// Receives the fields of one decoded field block, validates them as an HTTP/2 message (RFC 9113 §8.1.1, §8.2, §8.3)
/// and builds the protocol-independent <see cref="HeaderMap"/> the proxy works on.
/// </summary>
/// <remarks>
/// <para>Validation never stops decoding: HPACK must process the whole block to keep the dynamic table in step, so
/// the first problem is remembered and reported by <see cref="Complete"/>.</para>
/// <para>Mapping: pseudo-header fields keep their names (<see cref="PseudoHeaders"/> uses the HTTP/2 names);
/// <c>host</c> becomes <c>:authority</c> when that is absent and is dropped otherwise (it must then agree); several
/// <c>cookie</c> fields are joined with "; " (§8.2.3), as HTTP/1 allows only one.</para>
/// <para>One instance per connection, reused for every block; used by the connection's read loop only.</para>
/// </remarks>
internal sealed class HeaderBlockCollector : IHeaderBlockHandler
{
    private const int Method = 1, Scheme = 2, Authority = 4, PathBit = 8, Status = 16;

    private readonly int _maxFields;
    private readonly HeaderValueCache _values = new(); // the previous block's value strings, reused when the bytes repeat
    private HeaderBlockKind _kind;
    private HeaderMap _map = new(0);
    private HeaderValidationError _error;
    private bool _sawRegular;
    private int _pseudo;
    private int _fields;
    private int _cookies;
    private string? _host;

    /// <summary>Creates a collector that rejects blocks of more than <paramref name="maxFields"/> fields.</summary>
    public HeaderBlockCollector(int maxFields) => _maxFields = maxFields;

    /// <summary>The declared <c>content-length</c>, or -1. Valid after <see cref="Complete"/>.</summary>
    public long ContentLength { get; private set; }

    /// <summary>The response status. Valid after <see cref="Complete"/> of a response block.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The request method. Valid after <see cref="Complete"/> of a request block.</summary>
    public string? RequestMethod { get; private set; }

    /// <summary>Starts collecting a block of <paramref name="kind"/>.</summary>
    public void Begin(HeaderBlockKind kind)
    {
        _kind = kind;
        // Requests' and responses' maps are returned to the pool by whoever ends the message (the proxy); trailers are not.
        _map = kind == HeaderBlockKind.Trailers ? new HeaderMap(4) : HeaderMapPool.Rent(12);
        _error = HeaderValidationError.None;
        _sawRegular = false;
        _pseudo = 0;
        _fields = 0;
        _cookies = 0;
        _host = null;
        ContentLength = -1;
        StatusCode = 0;
        RequestMethod = null;
    }

    /// <inheritdoc />
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags)
    {
        if (_error != HeaderValidationError.None)
        {
            return;
        }

        if (++_fields > _maxFields)
        {
            _error = HeaderValidationError.TooManyFields;
            return;
        }

        if (!IsValidValue(value))
        {
            _error = HeaderValidationError.InvalidValue;
            return;
        }

        if (name.Length > 0 && name[0] == (byte)':')
        {
            OnPseudoHeader(name, value, flags);
            return;
        }

        _sawRegular = true;
        if (!IsValidName(name))
        {
            _error = HeaderValidationError.InvalidName;
            return;
        }

        if (IsConnectionSpecific(name, value))
        {
            _error = HeaderValidationError.ConnectionSpecificHeader;
            return;
        }

        var index = HPackStaticTable.FindName(name);
        var nameString = index > 0 ? HPackStaticTable.GetNameString(index) : Encoding.Latin1.GetString(name);
        var valueString = ValueString(value, flags);
        if (name.SequenceEqual("content-length"u8))
        {
            if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || (ContentLength >= 0 && ContentLength != length))
            {
                _error = HeaderValidationError.InvalidContentLength;
                return;
            }

            if (ContentLength >= 0)
            {
                return; // an identical repeat adds nothing
            }

            ContentLength = length;
        }
        else if (name.SequenceEqual("host"u8) && _kind == HeaderBlockKind.Request)
        {
            _host = valueString;
            return;
        }
        else if (name.SequenceEqual("cookie"u8))
        {
            _cookies++;
        }

        _map.Add(nameString, valueString);
    }

    /// <summary>Ends the block: checks what only the whole block can show and hands over the map.</summary>
    /// <param name="headers">The headers; the caller owns them from now on (a new map is used for the next block).</param>
    public HeaderValidationError Complete(out HeaderMap headers)
    {
        headers = _map;
        if (_error != HeaderValidationError.None)
        {
            return _error;
        }

        switch (_kind)
        {
            case HeaderBlockKind.Request:
                _error = CompleteRequest();
                break;
            case HeaderBlockKind.Response:
                _error = CompleteResponse();
                break;
        }

        if (_cookies > 1)
        {
            JoinCookies();
        }

        return _error;
    }

    private HeaderValidationError CompleteRequest()
    {
        if ((_pseudo & Method) == 0)
        {
            return HeaderValidationError.MissingPseudoHeader;
        }

        RequestMethod = _map.Get(PseudoHeaders.Method);
        var authority = _map.Get(PseudoHeaders.Authority);
        if (_host is not null)
        {
            if (authority is null)
            {
                _map.Add(PseudoHeaders.Authority, _host);
            }
            else if (!string.Equals(authority, _host, StringComparison.OrdinalIgnoreCase))
            {
                return HeaderValidationError.HostMismatch;
            }
        }

        if (RequestMethod == "CONNECT")
        {
            // §8.5: only :method and :authority.
            return (_pseudo & (Scheme | PathBit)) != 0 || (_pseudo & Authority) == 0 && _host is null
                ? HeaderValidationError.MissingPseudoHeader
                : HeaderValidationError.None;
        }

        if ((_pseudo & (Scheme | PathBit)) != (Scheme | PathBit))
        {
            return HeaderValidationError.MissingPseudoHeader;
        }

        var path = _map.Get(PseudoHeaders.Path);
        if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(_map.Get(PseudoHeaders.Scheme)))
        {
            return HeaderValidationError.MissingPseudoHeader;
        }

        if (path[0] != '/' && !(path == "*" && RequestMethod == "OPTIONS"))
        {
            return HeaderValidationError.InvalidPath;
        }

        return HeaderValidationError.None;
    }

    private HeaderValidationError CompleteResponse()
    {
        if ((_pseudo & Status) == 0)
        {
            return HeaderValidationError.MissingPseudoHeader;
        }

        var status = _map.Get(PseudoHeaders.Status)!;
        if (status.Length != 3 || !char.IsAsciiDigit(status[0]) || !char.IsAsciiDigit(status[1]) || !char.IsAsciiDigit(status[2]) || status[0] == '0')
        {
            return HeaderValidationError.InvalidStatus;
        }

        StatusCode = ((status[0] - '0') * 100) + ((status[1] - '0') * 10) + (status[2] - '0');
        return HeaderValidationError.None;
    }

    /// <summary>
    /// The value as a string: the one decoded at the same position of the previous block when the bytes are the same
    /// (a client repeats :authority, user-agent, accept, ... on every request), else a new one. A never-indexed value (a
    /// secret, RFC 7541 §7.1.3) is not kept for the connection's life.
    /// </summary>
    private string ValueString(ReadOnlySpan<byte> value, HeaderFieldFlags flags) =>
        (flags & HeaderFieldFlags.NeverIndexed) != 0
            ? (value.IsEmpty ? string.Empty : Encoding.Latin1.GetString(value))
            : _values.Get(_fields - 1, value);

    private void OnPseudoHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags)
    {
        if (_sawRegular)
        {
            _error = HeaderValidationError.PseudoHeaderAfterRegular;
            return;
        }

        var (bit, nameString) = _kind switch
        {
            HeaderBlockKind.Request when name.SequenceEqual(":method"u8) => (Method, PseudoHeaders.Method),
            HeaderBlockKind.Request when name.SequenceEqual(":scheme"u8) => (Scheme, PseudoHeaders.Scheme),
            HeaderBlockKind.Request when name.SequenceEqual(":authority"u8) => (Authority, PseudoHeaders.Authority),
            HeaderBlockKind.Request when name.SequenceEqual(":path"u8) => (PathBit, PseudoHeaders.Path),
            HeaderBlockKind.Response when name.SequenceEqual(":status"u8) => (Status, PseudoHeaders.Status),
            _ => (0, string.Empty),
        };

        if (bit == 0)
        {
            _error = HeaderValidationError.UnexpectedPseudoHeader;
            return;
        }

        if ((_pseudo & bit) != 0)
        {
            _error = HeaderValidationError.DuplicatePseudoHeader;
            return;
        }

        _pseudo |= bit;
        _map.Add(nameString, ValueString(value, flags));
    }

    private void JoinCookies()
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in _map)
        {
            if (name == "cookie")
            {
                if (builder.Length > 0)
                {
                    builder.Append("; ");
                }

                builder.Append(value);
            }
        }

        _map.Set("cookie", builder.ToString());
    }

    /// <summary>RFC 9113 §8.2.1 plus RFC 9110 token characters: lowercase tchar only.</summary>
    internal static bool IsValidName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var b in name)
        {
            var ok = b switch
            {
                >= (byte)'a' and <= (byte)'z' => true,
                >= (byte)'0' and <= (byte)'9' => true,
                (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
                    or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~' => true,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9113 §8.2.1: no NUL, CR or LF; no leading or trailing SP or HTAB.</summary>
    internal static bool IsValidValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        if (value[0] is (byte)' ' or (byte)'\t' || value[^1] is (byte)' ' or (byte)'\t')
        {
            return false;
        }

        return value.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') < 0;
    }

    /// <summary>RFC 9113 §8.2.2: connection-specific fields, and <c>te</c> with anything but "trailers".</summary>
    internal static bool IsConnectionSpecific(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        name.SequenceEqual("connection"u8)
        || name.SequenceEqual("proxy-connection"u8)
        || name.SequenceEqual("keep-alive"u8)
        || name.SequenceEqual("transfer-encoding"u8)
        || name.SequenceEqual("upgrade"u8)
        || (name.SequenceEqual("te"u8) && !Ascii.EqualsIgnoreCase(value, "trailers"u8));
}
