using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Protocol;

namespace Mosn.Filters.Tests.Fakes;

/// <summary>No protocols: tcp_proxy never asks for one.</summary>
public sealed class EmptyProtocolRegistry : IProtocolRegistry
{
    public IReadOnlyList<IProtocol> All => [];

    public bool TryGet(string name, [NotNullWhen(true)] out IProtocol? protocol)
    {
        protocol = null;
        return false;
    }
}
