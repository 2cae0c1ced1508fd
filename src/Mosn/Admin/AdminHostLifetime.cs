using Microsoft.Extensions.Hosting;

namespace Mosn.Admin;

/// <summary>
/// The admin web host's lifetime: nothing. The default console lifetime would stop the admin API on SIGTERM/SIGINT by
/// itself, before the proxy drains; the admin API must keep answering (<c>/ready</c> says 503) until
/// <see cref="Hosting.MosnServer.StopAsync(TimeSpan)"/> ends, which stops it.
/// </summary>
internal sealed class AdminHostLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
