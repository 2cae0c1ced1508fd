using Mosn.Upstream.HealthChecking;

namespace Mosn.Upstream.Tests.HealthChecking;

/// <summary>A probe whose answers the test sets; with <see cref="Hang"/> it never answers (until cancelled).</summary>
internal sealed class ScriptedSession : IHealthCheckSession
{
    public bool Healthy { get; set; } = true;
    public bool Hang { get; set; }
    public int Probes { get; private set; }

    public async ValueTask<bool> CheckAsync(CancellationToken cancellationToken)
    {
        Probes++;
        if (!Hang)
        {
            return Healthy;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The checker's timeout.
        }

        return false;
    }
}
