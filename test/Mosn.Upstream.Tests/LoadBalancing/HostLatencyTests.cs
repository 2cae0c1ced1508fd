using System.Diagnostics;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class HostLatencyTests
{
    private static readonly long Second = Stopwatch.Frequency;

    private static double Milliseconds(double ticks) => ticks * 1000 / Stopwatch.Frequency;

    [Fact]
    public void Record_FirstSample_BecomesTheAverage()
    {
        var latency = new HostLatency();
        latency.Record(TimeSpan.FromMilliseconds(30), false, 100 * Second);

        Assert.True(latency.HasSamples);
        Assert.Equal(30, Milliseconds(latency.Read(100 * Second).LatencyTicks), 3);
    }

    [Fact]
    public void Record_HigherSample_ReplacesTheAverageAtOnce()
    {
        var latency = new HostLatency();
        latency.Record(TimeSpan.FromMilliseconds(10), false, 100 * Second);
        latency.Record(TimeSpan.FromMilliseconds(90), false, 100 * Second);

        Assert.Equal(90, Milliseconds(latency.Read(100 * Second).LatencyTicks), 3);
    }

    [Fact]
    public void Record_LowerSampleOneTauLater_PullsTheAverageByOneMinusOneOverE()
    {
        var latency = new HostLatency();
        latency.Record(TimeSpan.FromMilliseconds(100), false, 100 * Second);
        latency.Record(TimeSpan.FromMilliseconds(10), false, 110 * Second); // τ = 10 s later

        var expected = (100 * Math.Exp(-1)) + (10 * (1 - Math.Exp(-1)));
        Assert.Equal(expected, Milliseconds(latency.Read(110 * Second).LatencyTicks), 3);
    }

    [Fact]
    public void Read_LongAfterTheLastSample_DecaysTowardsZero()
    {
        var latency = new HostLatency();
        latency.Record(TimeSpan.FromMilliseconds(100), true, 100 * Second);

        var (later, failures) = latency.Read(130 * Second); // 3 τ

        Assert.Equal(100 * Math.Exp(-3), Milliseconds(later), 3);
        Assert.Equal(Math.Exp(-3), failures, 3);
    }

    [Fact]
    public void Record_OutcomeWithoutLatency_IsIgnored()
    {
        var latency = new HostLatency();
        latency.Record(HostOutcome.Response(200));

        Assert.False(latency.HasSamples);
    }

    [Fact]
    public void Record_FailedOutcomes_RaiseTheFailureFraction()
    {
        var latency = new HostLatency();
        var now = Stopwatch.GetTimestamp();
        latency.Record(TimeSpan.FromMilliseconds(1), false, now);
        for (var i = 0; i < 10; i++)
        {
            latency.Record(TimeSpan.FromMilliseconds(1), true, now);
        }

        Assert.Equal(1 - Math.Pow(0.9, 10), latency.Read(now).Failures, 6);
    }

    [Fact]
    public void For_SameStats_SameEstimate()
    {
        var stats = new HostStats();

        Assert.Same(HostLatency.For(stats), HostLatency.For(stats));
        Assert.NotSame(HostLatency.For(stats), HostLatency.For(new HostStats()));
    }
}
