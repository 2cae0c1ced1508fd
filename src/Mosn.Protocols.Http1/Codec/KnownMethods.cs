using System.Text;

namespace Mosn.Protocols.Http1.Codec;

/// <summary>Interned method names, and the methods protocol detection accepts (MOSN's list).</summary>
internal static class KnownMethods
{
    public const string Get = "GET";
    public const string Head = "HEAD";
    public const string Post = "POST";
    public const string Put = "PUT";
    public const string Delete = "DELETE";
    public const string Options = "OPTIONS";
    public const string Trace = "TRACE";
    public const string Connect = "CONNECT";
    public const string Patch = "PATCH";

    /// <summary>The methods whose request line <see cref="Http1Protocol.Match"/> recognizes.</summary>
    public static readonly string[] Detectable = [Get, Post, Put, Delete, Head, Options, Patch, Trace, Connect, "LINK", "UNLINK"];

    /// <summary>The method string for <paramref name="method"/> (a validated token): interned when known.</summary>
    public static string GetMethod(ReadOnlySpan<byte> method)
    {
        foreach (var known in Detectable)
        {
            if (method.Length == known.Length && Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(method);
    }

    /// <summary>True for methods whose requests usually carry a body (an empty one is then framed with Content-Length: 0).</summary>
    public static bool ExpectsBody(string method) => method is Post or Put or Patch;
}
