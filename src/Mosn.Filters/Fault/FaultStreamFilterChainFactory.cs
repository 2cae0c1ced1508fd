using Mosn.Abstractions.Streams;

namespace Mosn.Filters.Fault;

/// <summary>
/// The per-stream half of one configured <c>fault</c> filter: adds a <see cref="FaultStreamFilter"/> in
/// <see cref="StreamFilterPhase.AfterRoute"/> to each stream. Immutable and thread-safe when <see cref="Random"/> is
/// (the default, <see cref="Random.Shared"/>, is).
/// </summary>
internal sealed class FaultStreamFilterChainFactory(FaultConfig config, TimeProvider timeProvider, Random random) : IStreamFilterChainFactory
{
    /// <summary>The validated config.</summary>
    public FaultConfig Config { get; } = config;

    /// <inheritdoc />
    public void CreateFilterChain(IStreamFilterChainBuilder builder)
    {
        if (!Config.CanDelay && !Config.CanAbort)
        {
            return; // nothing can ever be injected: no per-stream cost
        }

        builder.AddReceiverFilter(new FaultStreamFilter(Config, timeProvider, random), StreamFilterPhase.AfterRoute);
    }
}
