namespace Mosn.Abstractions.Network;

/// <summary>
/// Runs when a listener accepts a connection, before the connection's network filters exist
/// (e.g. original destination, TLS inspection).
/// </summary>
public interface IListenerFilter
{
    /// <summary>
    /// Inspects the accepted connection. <see cref="FilterStatus.Continue"/> passes it to the next filter and then to the
    /// filter chain; <see cref="FilterStatus.StopIteration"/> rejects it (the listener closes it and counts it).
    /// </summary>
    ValueTask<FilterStatus> OnAcceptAsync(IListenerFilterCallbacks callbacks);
}
