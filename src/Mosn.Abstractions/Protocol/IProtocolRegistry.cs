using System.Diagnostics.CodeAnalysis;

namespace Mosn.Abstractions.Protocol;

/// <summary>The protocols registered at start-up, by name. Immutable after start.</summary>
public interface IProtocolRegistry
{
    /// <summary>Finds a protocol by name (case-insensitive).</summary>
    bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol);

    /// <summary>All registered protocols, in registration order (the order Auto detection tries them).</summary>
    IReadOnlyList<IProtocol> All { get; }
}
