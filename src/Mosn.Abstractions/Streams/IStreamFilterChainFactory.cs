namespace Mosn.Abstractions.Streams;

/// <summary>The per-stream half of a stream filter: built once from config, called for every stream.</summary>
public interface IStreamFilterChainFactory
{
    /// <summary>Installs this filter's instances for one stream. Must be cheap.</summary>
    void CreateFilterChain(IStreamFilterChainBuilder builder);
}
