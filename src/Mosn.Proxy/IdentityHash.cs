namespace Mosn.Proxy;

/// <summary>
/// Hash codes for objects that are both kept in hash sets and locked on (<see cref="DownstreamStream"/>,
/// <see cref="ProxyFilter"/>). The default identity hash code is stored in the object header, where the runtime also
/// keeps a thin lock, so once an object is hashed every <c>lock</c> on it goes through the sync-block slow path. An
/// object that overrides <see cref="object.GetHashCode"/> with a stored value leaves its header to the lock.
/// </summary>
internal static class IdentityHash
{
    [ThreadStatic]
    private static int t_next;

    /// <summary>A well-spread hash code for a new object (not unique; equality stays reference equality).</summary>
    public static int Next() => (++t_next * -1640531535) ^ Environment.CurrentManagedThreadId; // 0x9E3779B1: Fibonacci hashing
}
