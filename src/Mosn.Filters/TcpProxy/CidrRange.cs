using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosn.Filters.TcpProxy;

/// <summary>An IP prefix such as <c>10.0.0.0/8</c> (MOSN's <c>CidrRange</c>: <c>address</c> + <c>length</c>). Immutable.</summary>
internal readonly record struct CidrRange
{
    private readonly byte[] _prefix;

    private CidrRange(byte[] prefix, int length, AddressFamily family)
    {
        _prefix = prefix;
        Length = length;
        Family = family;
    }

    /// <summary>Prefix length in bits.</summary>
    public int Length { get; }

    /// <summary>IPv4 or IPv6.</summary>
    public AddressFamily Family { get; }

    /// <summary>Builds a range from an address and a prefix length; false when the length does not fit the family.</summary>
    public static bool TryCreate(string address, int length, out CidrRange range)
    {
        range = default;
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        ip = Canonical(ip);
        var bytes = ip.GetAddressBytes();
        if (length < 0 || length > bytes.Length * 8)
        {
            return false;
        }

        range = new CidrRange(bytes, length, ip.AddressFamily);
        return true;
    }

    /// <summary>Parses <c>"10.0.0.0/8"</c>, or a bare address (a full-length prefix).</summary>
    public static bool TryParse(string text, out CidrRange range)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryCreate(text, IPAddress.TryParse(text, out var ip) && Canonical(ip).AddressFamily == AddressFamily.InterNetwork ? 32 : 128, out range);
        }

        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            range = default;
            return false;
        }

        return TryCreate(text[..slash], length, out range);
    }

    /// <summary>True when <paramref name="address"/> is inside the range (IPv4-mapped IPv6 addresses count as IPv4).</summary>
    public bool Contains(IPAddress address)
    {
        address = Canonical(address);
        if (address.AddressFamily != Family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _prefix.Length)
        {
            return false;
        }

        var fullBytes = Length / 8;
        if (!bytes[..fullBytes].SequenceEqual(_prefix.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var restBits = Length % 8;
        if (restBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - restBits));
        return (bytes[fullBytes] & mask) == (_prefix[fullBytes] & mask);
    }

    /// <inheritdoc />
    public override string ToString() => $"{new IPAddress(_prefix)}/{Length}";

    private static IPAddress Canonical(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
