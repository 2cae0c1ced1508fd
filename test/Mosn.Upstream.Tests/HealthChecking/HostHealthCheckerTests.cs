using Mosn.Abstractions.Config;
using Mosn.Testing;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.HealthChecking;

public sealed class HostHealthCheckerTests : IDisposable
{
    private static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1);

    private readonly ManualTimeProvider _time = new();
    private readonly ScriptedSession _session = new();
    private readonly Host _host = (Host)TestClusters.Host();
    private HostHealthChecker? _checker;
    private int _changes;

    public void Dispose() => _checker?.Stop();

    [Fact]
    public void Start_BeforeInitialDelay_DoesNotProbe()
    {
        Start(new HealthCheckConfig());

        _time.Advance(InitialDelay - TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, _session.Probes);
    }

    [Fact]
    public void Probe_EveryInterval_CountsChecksOnHostAndCluster()
    {
        Start(new HealthCheckConfig());

        _time.Advance(InitialDelay);
        _time.Advance(Interval);
        _time.Advance(Interval);

        Assert.Equal(3, _session.Probes);
        Assert.Equal(3, _host.Stats.HealthChecks);
        Assert.Equal(0, _host.Stats.HealthCheckFailures);
        Assert.Equal(3, _host.Cluster.Stats.HealthChecks);
    }

    [Fact]
    public void Probe_FailureWithDefaultThreshold_MarksUnhealthyAtOnce()
    {
        Start(new HealthCheckConfig());
        _session.Healthy = false;

        _time.Advance(InitialDelay);

        Assert.False(_host.IsHealthy);
        Assert.True(_host.Health.Has(HostHealthFlags.FailedActiveCheck));
        Assert.Equal(1, _host.Stats.HealthCheckFailures);
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void Probe_FailuresBelowUnhealthyThreshold_KeepHostHealthy()
    {
        Start(new HealthCheckConfig { UnhealthyThreshold = 3 });
        _session.Healthy = false;

        _time.Advance(InitialDelay);
        _time.Advance(Interval);
        Assert.True(_host.IsHealthy);
        _time.Advance(Interval);

        Assert.False(_host.IsHealthy);
    }

    [Fact]
    public void Probe_SuccessInterruptsFailures_RestartsTheCount()
    {
        Start(new HealthCheckConfig { UnhealthyThreshold = 2 });

        _session.Healthy = false;
        _time.Advance(InitialDelay);
        _session.Healthy = true;
        _time.Advance(Interval);
        _session.Healthy = false;
        _time.Advance(Interval);

        Assert.True(_host.IsHealthy);
    }

    [Fact]
    public void Probe_SuccessesReachHealthyThreshold_MarkHealthyAgain()
    {
        Start(new HealthCheckConfig { HealthyThreshold = 2 });
        _session.Healthy = false;
        _time.Advance(InitialDelay);
        Assert.False(_host.IsHealthy);

        _session.Healthy = true;
        _time.Advance(Interval);
        Assert.False(_host.IsHealthy);
        _time.Advance(Interval);

        Assert.True(_host.IsHealthy);
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void Probe_NoAnswerWithinTimeout_Fails()
    {
        Start(new HealthCheckConfig());
        _session.Hang = true;

        _time.Advance(InitialDelay);
        Assert.True(_host.IsHealthy); // still waiting
        _time.Advance(CheckTimeout);

        // The timeout cancels the probe; its completion runs on the thread pool.
        Assert.True(SpinWait.SpinUntil(() => !_host.IsHealthy, TimeSpan.FromSeconds(10)));
        Assert.True(SpinWait.SpinUntil(() => _host.Stats.HealthCheckFailures == 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Stop_NoMoreProbes()
    {
        Start(new HealthCheckConfig());
        _time.Advance(InitialDelay);

        _checker!.Stop();
        _time.Advance(Interval);
        _time.Advance(Interval);

        Assert.Equal(1, _session.Probes);
        Assert.Equal(0, _time.ActiveTimers);
    }

    private void Start(HealthCheckConfig config)
    {
        config = config with { InitialDelay = InitialDelay, Interval = Interval, IntervalJitter = TimeSpan.Zero, Timeout = CheckTimeout };
        _checker = new HostHealthChecker(_host, _session, config, config.Timeout, _time, () => _changes++,
            TestLogging.Factory.CreateLogger("health"));
        _checker.Start();
    }
}
