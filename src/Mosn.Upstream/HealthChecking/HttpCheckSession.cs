using System.Net;
using System.Text;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;

namespace Mosn.Upstream.HealthChecking;

/// <summary>
/// MOSN's HTTP check (<c>http_check_config</c>): opens a connection, sends one HTTP/1.1 request
/// (<c>Connection: close</c>), reads the status line, closes. Healthy when the status is in the configured
/// <c>codes</c> (200 by default) before the timeout.
/// </summary>
/// <remarks>A new connection per check, as MOSN's Go <c>http.Client</c> without keep-alive reuse effectively does for
/// an idle interval; the probe stays independent of the data-plane pools and their limits.</remarks>
internal sealed class HttpCheckSession : IHealthCheckSession
{
    /// <summary>Buffer limit of probe connections (the request and a status line are small).</summary>
    public const long ProbeBufferLimit = 16 * 1024;

    private readonly IConnectionFactory _connectionFactory;
    private readonly EndPoint _endPoint;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyList<StatusCodeRange> _codes;
    private readonly byte[] _request;

    /// <summary>Creates a session for one host.</summary>
    /// <param name="connectionFactory">Opens the probe connections.</param>
    /// <param name="endPoint">The host's endpoint; its port is replaced by <see cref="HttpCheckConfig.Port"/> when set.</param>
    /// <param name="hostAddress">The host's configured address, the default <c>Host</c> header.</param>
    /// <param name="config">Path, method, codes, port, domain.</param>
    /// <param name="timeout">Connect timeout (the whole check is bounded by the caller's token).</param>
    public HttpCheckSession(IConnectionFactory connectionFactory, EndPoint endPoint, string hostAddress, HttpCheckConfig config, TimeSpan timeout)
    {
        _connectionFactory = connectionFactory;
        _endPoint = config.Port > 0 && endPoint is IPEndPoint ip ? new IPEndPoint(ip.Address, config.Port) : endPoint;
        _timeout = timeout;
        _codes = config.Codes;
        var authority = config.Domain ?? (_endPoint is IPEndPoint target ? target.ToString() : "localhost");
        _request = Encoding.ASCII.GetBytes(
            $"{config.Method} {config.Path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: Mosn.NET-health-check\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        HostAddress = hostAddress;
    }

    /// <summary>The host's configured address (for logs).</summary>
    public string HostAddress { get; }

    /// <summary>The endpoint probed.</summary>
    public EndPoint EndPoint => _endPoint;

    /// <inheritdoc />
    public async ValueTask<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var result = await _connectionFactory.ConnectAsync(_endPoint, _timeout, ProbeBufferLimit, cancellationToken).ConfigureAwait(false);
        if (result.Connection is not { } connection)
        {
            return false;
        }

        var reader = new HttpStatusReader();
        try
        {
            connection.AddReadFilter(reader);
            connection.AddConnectionEventListener(reader);
            connection.Start();
            connection.Write(_request);
            int status;
            try
            {
                status = await reader.Status.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The check's timeout: the host did not answer in time.
                return false;
            }

            return IsExpected(status);
        }
        finally
        {
            connection.Close(ConnectionCloseType.NoFlush);
        }
    }

    private bool IsExpected(int status)
    {
        foreach (var range in _codes)
        {
            if (range.Contains(status))
            {
                return true;
            }
        }

        return false;
    }
}
