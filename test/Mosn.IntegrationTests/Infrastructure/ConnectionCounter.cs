namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>Counts the TCP connections a client opened (thread-safe).</summary>
public sealed class ConnectionCounter
{
    private int _count;

    /// <summary>Connections opened so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Records one more connection.</summary>
    public void Increment() => Interlocked.Increment(ref _count);
}
