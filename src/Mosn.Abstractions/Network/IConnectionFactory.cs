using System.Net;

namespace Mosn.Abstractions.Network;

/// <summary>Creates upstream (client) connections.</summary>
public interface IConnectionFactory
{
    /// <summary>
    /// Connects to <paramref name="endPoint"/> within <paramref name="timeout"/>. Never throws for network failures:
    /// the result carries <see cref="ConnectionEvent.ConnectFailed"/> or <see cref="ConnectionEvent.ConnectTimeout"/>.
    /// The returned connection is not started; add filters, then call <see cref="IConnection.Start"/>.
    /// </summary>
    ValueTask<ConnectResult> ConnectAsync(EndPoint endPoint, TimeSpan timeout, long bufferLimit, CancellationToken cancellationToken);
}
