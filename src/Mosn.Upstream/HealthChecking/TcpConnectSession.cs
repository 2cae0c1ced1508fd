using System.Net;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// MOSN's TCP dial check, the default session: healthy when a connection to the host opens within the timeout; the
/// connection is closed at once without sending anything.
/// </summary>
internal sealed class TcpConnectSession : IHealthCheckSession
{
    private readonly IConnectionFactory _connectionFactory;
    private readonly EndPoint _endPoint;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a session probing <paramref name="endPoint"/>, each connect bounded by <paramref name="timeout"/>.</summary>
    public TcpConnectSession(IConnectionFactory connectionFactory, EndPoint endPoint, TimeSpan timeout)
    {
        _connectionFactory = connectionFactory;
        _endPoint = endPoint;
        _timeout = timeout;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var result = await _connectionFactory.ConnectAsync(_endPoint, _timeout, HttpCheckSession.ProbeBufferLimit, cancellationToken)
            .ConfigureAwait(false);
        if (result.Connection is not { } connection)
        {
            return false;
        }

        // Never started: closing releases the socket without reading or writing.
        connection.Close(ConnectionCloseType.NoFlush);
        return !cancellationToken.IsCancellationRequested;
    }
}
