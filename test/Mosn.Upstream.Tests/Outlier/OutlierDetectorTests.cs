using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Testing;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.Outlier;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.Outlier;

public sealed class OutlierDetectorTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BaseEjection = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _time = new();
    private OutlierDetector? _detector;
    private int _changes;

    public void Dispose() => _detector?.Dispose();

    [Fact]
    public void OnOutcome_Consecutive5xxReachThreshold_EjectsHost()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 3 }, 2);

        Report(hosts[0], HostOutcome.Response(500), 2);
        Assert.True(hosts[0].IsHealthy);
        Report(hosts[0], HostOutcome.Response(500), 1);

        Assert.False(hosts[0].IsHealthy);
        Assert.True(hosts[0].Health.Has(HostHealthFlags.OutlierEjected));
        Assert.Equal(1, hosts[0].Stats.OutlierEjections);
        Assert.Equal(1, hosts[0].Cluster.Stats.OutlierEjections);
        Assert.Equal(1, _changes);
        Assert.True(hosts[1].IsHealthy);
    }

    [Fact]
    public void OnOutcome_SuccessBetweenErrors_ResetsTheStreak()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 3 }, 2);

        Report(hosts[0], HostOutcome.Response(500), 2);
        Report(hosts[0], HostOutcome.Response(200), 1);
        Report(hosts[0], HostOutcome.Response(500), 2);

        Assert.True(hosts[0].IsHealthy);
        Assert.Equal(0, _changes);
    }

    [Fact]
    public void OnOutcome_ConnectFailuresWithoutSplit_CountAs5xx()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 2 }, 2);

        Report(hosts[0], HostOutcome.ConnectFailure, 1);
        Report(hosts[0], HostOutcome.Timeout, 1);

        Assert.False(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_GatewayFailuresWithDefaultEnforcing_DoNotEjectBefore5xxThreshold()
    {
        // Envoy's enforcing_consecutive_gateway_failure defaults to 0: gateway failures eject only through consecutive_5xx.
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 5, ConsecutiveGatewayFailure = 2 }, 2);

        Report(hosts[0], HostOutcome.Response(503), 4);
        Assert.True(hosts[0].IsHealthy);
        Report(hosts[0], HostOutcome.Response(503), 1);

        Assert.False(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_GatewayFailuresEnforced_EjectAtTheirThreshold()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 0, ConsecutiveGatewayFailure = 2, EnforcingConsecutiveGatewayFailure = 100 }, 2);

        Report(hosts[0], HostOutcome.Response(502), 1);
        Report(hosts[0], HostOutcome.Response(500), 1); // not a gateway failure: the gateway streak restarts
        Report(hosts[0], HostOutcome.Response(504), 1);
        Assert.True(hosts[0].IsHealthy);
        Report(hosts[0], HostOutcome.Response(503), 1);

        Assert.False(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_SplitLocalOrigin_CountsConnectFailuresApart()
    {
        var hosts = Start(new OutlierDetectionConfig
        {
            SplitExternalLocalOriginErrors = true,
            ConsecutiveLocalOriginFailure = 2,
            Consecutive5xx = 2,
        }, 2);

        Report(hosts[0], HostOutcome.ConnectFailure, 1);
        Report(hosts[0], HostOutcome.Response(500), 1);
        Report(hosts[0], HostOutcome.Reset, 1); // the 500 ended the local-origin streak: 1 again
        Assert.True(hosts[0].IsHealthy);
        Report(hosts[0], HostOutcome.Timeout, 1);

        Assert.False(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_EnforcingZero_NeverEjects()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, EnforcingConsecutive5xx = 0 }, 2);

        Report(hosts[0], HostOutcome.Response(500), 10);

        Assert.True(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_MaxEjectionPercent_LimitsEjectedHostsButAllowsOne()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, MaxEjectionPercent = 10 }, 4);

        Report(hosts[0], HostOutcome.Response(500), 1);
        Report(hosts[1], HostOutcome.Response(500), 1);

        Assert.False(hosts[0].IsHealthy); // 10% of 4 hosts is less than one, but one host may always be ejected
        Assert.True(hosts[1].IsHealthy);
    }

    [Fact]
    public void OnOutcome_MaxEjectionPercentHalf_EjectsHalfTheHosts()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, MaxEjectionPercent = 50 }, 4);

        foreach (var host in hosts)
        {
            Report(host, HostOutcome.Response(500), 1);
        }

        Assert.Equal(2, hosts.Count(h => !h.IsHealthy));
    }

    [Fact]
    public void OnInterval_EjectionTimeElapsed_HostReturns()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, Interval = Interval, BaseEjectionTime = BaseEjection }, 2);
        Report(hosts[0], HostOutcome.Response(500), 1);

        _time.Advance(Interval);
        _time.Advance(Interval);
        Assert.False(hosts[0].IsHealthy);
        _time.Advance(Interval);

        Assert.True(hosts[0].IsHealthy);
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void OnInterval_SecondEjection_LastsTwiceAsLong()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, Interval = Interval, BaseEjectionTime = BaseEjection }, 2);
        Report(hosts[0], HostOutcome.Response(500), 1);
        AdvanceIntervals(3);
        Assert.True(hosts[0].IsHealthy);

        Report(hosts[0], HostOutcome.Response(500), 1);
        AdvanceIntervals(3);
        Assert.False(hosts[0].IsHealthy); // 2 × 30 s this time
        AdvanceIntervals(3);

        Assert.True(hosts[0].IsHealthy);
        Assert.Equal(2, hosts[0].Stats.OutlierEjections);
    }

    [Fact]
    public void OnInterval_MaxEjectionTime_CapsTheEjection()
    {
        var config = new OutlierDetectionConfig
        {
            Consecutive5xx = 1, Interval = Interval, BaseEjectionTime = BaseEjection, MaxEjectionTime = BaseEjection,
        };
        var hosts = Start(config, 2);
        Report(hosts[0], HostOutcome.Response(500), 1);
        AdvanceIntervals(3);
        Report(hosts[0], HostOutcome.Response(500), 1);

        AdvanceIntervals(3);

        Assert.True(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnOutcome_EjectedHost_IgnoresLateOutcomes()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1 }, 2);
        Report(hosts[0], HostOutcome.Response(500), 1);

        Report(hosts[0], HostOutcome.Response(500), 5);

        Assert.Equal(1, hosts[0].Stats.OutlierEjections);
        Assert.Equal(0, Volatile.Read(ref hosts[0].Health.Consecutive5xx));
    }

    [Fact]
    public void Dispose_StopsReturningHosts()
    {
        var hosts = Start(new OutlierDetectionConfig { Consecutive5xx = 1, Interval = Interval, BaseEjectionTime = BaseEjection }, 2);
        Report(hosts[0], HostOutcome.Response(500), 1);

        _detector!.Dispose();
        AdvanceIntervals(5);

        Assert.False(hosts[0].IsHealthy);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void OnInterval_SuccessRateBelowMeanMinusStdevFactor_EjectsHost()
    {
        var hosts = Start(RatesOnly(), 5);
        Report(hosts[0], HostOutcome.Response(200), 50);
        Report(hosts[0], HostOutcome.Response(500), 50);
        foreach (var host in hosts[1..])
        {
            Report(host, HostOutcome.Response(200), 100);
        }

        AdvanceIntervals(1);

        // Rates 50, 100, 100, 100, 100: mean 90, stdev 20, threshold 90 - 1.9 × 20 = 52.
        Assert.Equal(52, _detector!.LastSuccessRateThreshold!.Value, 6);
        Assert.False(hosts[0].IsHealthy);
        Assert.Equal(1, hosts[0].Stats.OutlierEjections);
        Assert.All(hosts[1..], h => Assert.True(h.IsHealthy));
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void OnInterval_SuccessRateWithFewerHostsThanMinimum_EjectsNothing()
    {
        var hosts = Start(RatesOnly(), 4);
        Report(hosts[0], HostOutcome.Response(500), 100);
        foreach (var host in hosts[1..])
        {
            Report(host, HostOutcome.Response(200), 100);
        }

        AdvanceIntervals(1);

        Assert.Null(_detector!.LastSuccessRateThreshold);
        Assert.All(hosts, h => Assert.True(h.IsHealthy));
    }

    [Fact]
    public void OnInterval_HostBelowRequestVolume_IsNotJudged()
    {
        var hosts = Start(RatesOnly(), 6);
        Report(hosts[0], HostOutcome.Response(500), 99);
        foreach (var host in hosts[1..])
        {
            Report(host, HostOutcome.Response(200), 100);
        }

        AdvanceIntervals(1);

        Assert.Equal(100, _detector!.LastSuccessRateThreshold!.Value, 6);
        Assert.True(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnInterval_RequestsOfEarlierIntervals_DoNotCount()
    {
        var hosts = Start(RatesOnly(), 5);
        for (var interval = 0; interval < 2; interval++)
        {
            Report(hosts[0], HostOutcome.Response(500), 60);
            foreach (var host in hosts[1..])
            {
                Report(host, HostOutcome.Response(200), 60);
            }

            AdvanceIntervals(1);
        }

        Assert.Null(_detector!.LastSuccessRateThreshold);
        Assert.True(hosts[0].IsHealthy);
    }

    [Fact]
    public void OnInterval_LocalOriginFailuresWithoutSplit_LowerTheSuccessRate()
    {
        var hosts = Start(RatesOnly(), 5);
        Report(hosts[0], HostOutcome.ConnectFailure, 50);
        Report(hosts[0], HostOutcome.Timeout, 50);
        foreach (var host in hosts[1..])
        {
            Report(host, HostOutcome.Response(404), 100);
        }

        AdvanceIntervals(1);

        Assert.False(hosts[0].IsHealthy);
        Assert.All(hosts[1..], h => Assert.True(h.IsHealthy));
    }

    [Fact]
    public void OnInterval_FailurePercentageAtThresholdEnforced_EjectsHost()
    {
        var hosts = Start(RatesOnly() with
        {
            EnforcingSuccessRate = 0, EnforcingFailurePercentage = 100, FailurePercentageMinimumHosts = 2,
            FailurePercentageRequestVolume = 10, FailurePercentageThreshold = 80,
        }, 2);
        Report(hosts[0], HostOutcome.Response(503), 8);
        Report(hosts[0], HostOutcome.Response(200), 2);
        Report(hosts[1], HostOutcome.Response(503), 7);
        Report(hosts[1], HostOutcome.Response(200), 3);

        AdvanceIntervals(1);

        Assert.False(hosts[0].IsHealthy);
        Assert.True(hosts[1].IsHealthy);
    }

    [Fact]
    public void OnInterval_FailurePercentageWithEnvoyDefaultEnforcing_OnlyJudges()
    {
        var hosts = Start(RatesOnly() with { EnforcingSuccessRate = 0, FailurePercentageMinimumHosts = 2, FailurePercentageRequestVolume = 10 }, 2);
        Report(hosts[0], HostOutcome.Response(500), 10);
        Report(hosts[1], HostOutcome.Response(200), 10);

        AdvanceIntervals(1);

        Assert.All(hosts, h => Assert.True(h.IsHealthy));
    }

    [Fact]
    public void OnInterval_SplitLocalOriginFailurePercentage_JudgesConnectionFailuresApart()
    {
        var hosts = Start(RatesOnly() with
        {
            SplitExternalLocalOriginErrors = true, ConsecutiveLocalOriginFailure = 0, EnforcingSuccessRate = 0,
            EnforcingFailurePercentageLocalOrigin = 100, FailurePercentageMinimumHosts = 2, FailurePercentageRequestVolume = 10,
        }, 3);
        Report(hosts[0], HostOutcome.Reset, 10);
        Report(hosts[1], HostOutcome.Response(500), 10);
        Report(hosts[2], HostOutcome.Response(200), 10);

        AdvanceIntervals(1);

        // Host 1 answered every time: its 5xx are external failures, judged only with enforcing_failure_percentage.
        Assert.False(hosts[0].IsHealthy);
        Assert.True(hosts[1].IsHealthy);
        Assert.True(hosts[2].IsHealthy);
    }

    [Fact]
    public void OnInterval_SuccessRateOutliersPastMaxEjectionPercent_EjectsOnlyTheAllowed()
    {
        var hosts = Start(RatesOnly() with { MaxEjectionPercent = 10, SuccessRateStdevFactor = 100 }, 10);
        for (var i = 0; i < hosts.Length; i++)
        {
            Report(hosts[i], HostOutcome.Response(200), i < 3 ? 50 : 100);
            Report(hosts[i], HostOutcome.Response(500), i < 3 ? 50 : 0);
        }

        AdvanceIntervals(1);

        Assert.Equal(1, hosts.Count(h => !h.IsHealthy));
    }

    /// <summary>Only rate-based ejection (Envoy's defaults for it), consecutive detectors off.</summary>
    private static OutlierDetectionConfig RatesOnly() => new()
    {
        Consecutive5xx = 0, ConsecutiveGatewayFailure = 0, Interval = Interval, BaseEjectionTime = BaseEjection, MaxEjectionPercent = 100,
    };

    private Host[] Start(OutlierDetectionConfig config, int hostCount)
    {
        _detector = new OutlierDetector(config, _time, () => _changes++, TestLogging.Factory.CreateLogger("outlier"));
        var info = new ClusterInfo(new ClusterConfig { Name = "c" }, new HostStats());
        var hosts = new Host[hostCount];
        for (var i = 0; i < hostCount; i++)
        {
            var address = $"127.0.0.1:{8080 + i}";
            Assert.True(HostAddress.TryParse(address, out var endPoint, out _));
            hosts[i] = new Host(address, endPoint, null, 1, new Dictionary<string, string>(), info, new HostStats(), new HostHealth(), _detector);
        }

        _detector.Start(hosts);
        return hosts;
    }

    private static void Report(IHost host, HostOutcome outcome, int times)
    {
        for (var i = 0; i < times; i++)
        {
            host.ReportOutcome(outcome);
        }
    }

    private void AdvanceIntervals(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(Interval);
        }
    }
}
