using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;

namespace Mosn.Upstream.Outlier;

/// <summary>Receives the outcomes the proxy reports on a host (<see cref="IHost.ReportOutcome"/>).</summary>
internal interface IOutcomeListener
{
    /// <summary>Called on the reporting thread; must be cheap, allocation-free on the common path, and never throw.</summary>
    void OnOutcome(Host host, HostOutcome outcome);
}
