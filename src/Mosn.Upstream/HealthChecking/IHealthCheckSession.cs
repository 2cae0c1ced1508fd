namespace Mosn.Upstream.HealthChecking;

/// <summary>One kind of probe of one host (MOSN's <c>HealthCheckSession</c>): TCP connect, HTTP request, ...</summary>
internal interface IHealthCheckSession
{
    /// <summary>
    /// Probes the host once; true when it is healthy. Gives up (false) when <paramref name="cancellationToken"/> fires
    /// (the check's timeout). Never throws for network failures. Called by one checker, one probe at a time.
    /// </summary>
    ValueTask<bool> CheckAsync(CancellationToken cancellationToken);
}
