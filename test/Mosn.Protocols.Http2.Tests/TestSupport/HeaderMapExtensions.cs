using Mosn.Streams;

namespace Mosn.Protocols.Http2.Tests.TestSupport;

/// <summary>Small helpers for building header maps in tests.</summary>
internal static class HeaderMapExtensions
{
    /// <summary>Removes <paramref name="name"/> and returns the map.</summary>
    public static HeaderMap Without(this HeaderMap map, string name)
    {
        map.Remove(name);
        return map;
    }
}
