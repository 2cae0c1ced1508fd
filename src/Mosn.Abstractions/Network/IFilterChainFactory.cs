namespace Mosn.Abstractions.Network;

/// <summary>
/// The per-connection half of a network filter: built once from config, then called for every new connection to
/// install filter instances on it (Envoy's FilterFactoryCb).
/// </summary>
public interface IFilterChainFactory
{
    /// <summary>Adds this filter's read and/or write filters to <paramref name="connection"/>. Called before the connection starts.</summary>
    void CreateFilterChain(IConnection connection);
}
