using Mosn.Abstractions.Network;

namespace Mosn.Testing;

/// <summary>An <see cref="IFilterChainFactory"/> from a delegate.</summary>
public sealed class DelegateFilterChainFactory(Action<IConnection> create) : IFilterChainFactory
{
    /// <inheritdoc />
    public void CreateFilterChain(IConnection connection) => create(connection);
}
