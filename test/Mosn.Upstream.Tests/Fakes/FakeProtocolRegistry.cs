using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Protocol;

namespace Mosn.Upstream.Tests.Fakes;

public sealed class FakeProtocolRegistry(params IProtocol[] protocols) : IProtocolRegistry
{
    public IReadOnlyList<IProtocol> All => protocols;

    public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol)
    {
        protocol = protocols.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return protocol is not null;
    }
}
