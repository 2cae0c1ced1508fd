using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Protocol;

namespace Mosn.Hosting;

/// <summary>The registered protocols, immutable once built.</summary>
internal sealed class ProtocolRegistry(IReadOnlyList<IProtocol> protocols) : IProtocolRegistry
{
    private readonly Dictionary<string, IProtocol> _byName = protocols.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<IProtocol> All => protocols;

    public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol) => _byName.TryGetValue(name, out protocol);
}
