using Mosn.Abstractions.Protocol;

namespace Mosn.Streams;

/// <summary>
/// Reuses <see cref="HeaderMap"/>s (and their entry arrays) across messages: a codec rents the map of a decoded message
/// here, and the one party that owns the message at its end (the proxy, once the stream's last use of its headers is
/// over: access log written, filters destroyed, nothing left to send) returns it. At steady state a proxied HTTP/1.1
/// exchange then allocates no header map at all (two maps and their arrays were about 350 bytes of each request).
/// </summary>
/// <remarks>
/// <para>Contract: after <see cref="Return"/> nobody may read or write the map; it will hold another message's headers.
/// Stream filters get request and response maps that are valid until the filter's <c>OnDestroy</c>: a filter that
/// needs a header later copies the value (strings are immutable), as in Envoy, where header maps die with the stream.</para>
/// <para>Only maps that came from <see cref="Rent"/> are taken back, each once: a map made with <c>new</c>, or returned
/// twice, is left to the garbage collector. Each thread keeps up to <see cref="MaxPerThread"/> maps (an event loop's
/// maps are rented and returned on its own thread when the upstream connection is on the same loop, which is where
/// outbound connections are opened). Maps whose array grew past <see cref="MaxRetainedCapacity"/> entries are dropped
/// rather than kept, so a message with hundreds of headers does not pin its array.</para>
/// </remarks>
public static class HeaderMapPool
{
    /// <summary>The most maps one thread keeps.</summary>
    public const int MaxPerThread = 64;

    /// <summary>The largest entry array a kept map may have.</summary>
    public const int MaxRetainedCapacity = 64;

    [ThreadStatic]
    private static HeaderMap?[]? t_maps;

    [ThreadStatic]
    private static int t_count;

    /// <summary>An empty map with room for at least <paramref name="capacity"/> entries, reused when the thread has one.</summary>
    public static HeaderMap Rent(int capacity)
    {
        HeaderMap map;
        if (t_count > 0)
        {
            var maps = t_maps!;
            map = maps[--t_count]!;
            maps[t_count] = null;
            map.EnsureCapacity(capacity);
        }
        else
        {
            map = new HeaderMap(capacity);
        }

        map.Lease = HeaderMap.LeaseRented;
        return map;
    }

    /// <summary>
    /// Takes back a map from <see cref="Rent"/> for reuse; does nothing for any other map, for null, or for a map
    /// already returned. The caller (and everyone it shared the map with) must not touch it afterwards.
    /// </summary>
    public static void Return(IHeaderMap? headers)
    {
        if (headers is not HeaderMap map
            || Interlocked.CompareExchange(ref map.Lease, HeaderMap.LeaseReturned, HeaderMap.LeaseRented) != HeaderMap.LeaseRented)
        {
            return;
        }

        if (map.Capacity > MaxRetainedCapacity)
        {
            return; // stays marked returned: a stale second return is still refused
        }

        map.Clear();
        var maps = t_maps ??= new HeaderMap?[MaxPerThread];
        if (t_count < maps.Length)
        {
            maps[t_count++] = map;
        }
    }

    /// <summary>How many maps the calling thread keeps now (diagnostics and tests).</summary>
    public static int CountOnThisThread => t_count;
}
