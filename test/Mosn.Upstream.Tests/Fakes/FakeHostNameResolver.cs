using System.Collections.Concurrent;
using System.Net;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Tests.Fakes;

/// <summary>A resolver answering from a table the test changes; unknown names fail (as NXDOMAIN does).</summary>
public sealed class FakeHostNameResolver : IHostNameResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);

    public int Lookups;

    public void Set(string name, params string[] addresses) => _answers[name] = [.. addresses.Select(IPAddress.Parse)];

    public void Remove(string name) => _answers.TryRemove(name, out _);

    public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        return _answers.TryGetValue(hostName, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
    }
}
