using Mosn.Abstractions.Config;
using Mosn.Abstractions.Upstream;
using Mosn.Upstream.Clusters;
using Mosn.Upstream.LoadBalancing;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class SlowStartWeightsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new();

    private SlowStartWeights Warming(double aggression = 1.0, double minWeight = 0.1) =>
        new([HostHealth.ActiveForever, _time.GetTimestamp()], new SlowStartConfig { Duration = Window, Aggression = aggression, MinWeightPercent = minWeight }, _time);

    [Fact]
    public void Factor_JustActive_MinWeightPercent()
    {
        var weights = Warming();

        Assert.Equal(0.1, weights.Factor(1), 6);
        Assert.Equal(1.0, weights.Factor(0)); // active forever: full weight
    }

    [Fact]
    public void Factor_MiddleOfWindowAggressionOne_Half()
    {
        var weights = Warming();

        _time.Advance(Window / 2);

        Assert.Equal(0.5, weights.Factor(1), 6);
    }

    [Fact]
    public void Factor_AfterWindow_FullWeightAndWindowOver()
    {
        var weights = Warming();
        Assert.True(weights.InWindow);

        _time.Advance(Window);

        Assert.Equal(1.0, weights.Factor(1));
        Assert.False(weights.InWindow);
    }

    [Fact]
    public void Factor_AggressionAboveOne_RampsFasterAtFirst()
    {
        // Envoy's and MOSN's formula: timeFactor^(1/aggression). At a quarter of the window: 0.25 linear, 0.5 with 2, 0.0625 with 0.5.
        var linear = Warming();
        var aggressive = Warming(aggression: 2);
        var gentle = Warming(aggression: 0.5, minWeight: 0);

        _time.Advance(Window / 4);

        Assert.Equal(0.25, linear.Factor(1), 6);
        Assert.Equal(0.5, aggressive.Factor(1), 6);
        Assert.Equal(0.0625, gentle.Factor(1), 6);
    }

    [Fact]
    public void Factor_FirstSecond_CountsAsOneSecondAsMosn()
    {
        var weights = Warming(minWeight: 0);

        Assert.Equal(1 / 30.0, weights.Factor(1), 6);
    }

    [Fact]
    public void InWindow_NoHostWarming_False()
    {
        var weights = new SlowStartWeights([HostHealth.ActiveForever, HostHealth.ActiveForever], new SlowStartConfig { Duration = Window }, _time);

        Assert.False(weights.InWindow);
    }

    [Fact]
    public void For_ClusterWithoutSlowStart_Null()
    {
        var info = new ClusterInfo(new ClusterConfig { Name = "c" }, new HostStats(), _time);
        IHost[] hosts = [Host(info, "10.0.0.1:80", joinedNow: true), Host(info, "10.0.0.2:80", joinedNow: true)];

        Assert.Null(SlowStartWeights.For(hosts, info));
    }

    [Fact]
    public void For_HostJoinedNow_WarmsOnlyThatHost()
    {
        var info = new ClusterInfo(new ClusterConfig { Name = "c", SlowStart = new SlowStartConfig { Duration = Window } }, new HostStats(), _time);
        IHost[] hosts = [Host(info, "10.0.0.1:80", joinedNow: false), Host(info, "10.0.0.2:80", joinedNow: true)];

        var weights = SlowStartWeights.For(hosts, info);

        Assert.NotNull(weights);
        Assert.Equal(1.0, weights.Factor(0));
        Assert.Equal(0.1, weights.Factor(1), 6);
    }

    [Fact]
    public void For_HealthFlagsCleared_WarmsFromThatMoment()
    {
        var info = new ClusterInfo(new ClusterConfig { Name = "c", SlowStart = new SlowStartConfig { Duration = Window } }, new HostStats(), _time);
        var returning = Host(info, "10.0.0.2:80", joinedNow: false);
        IHost[] hosts = [Host(info, "10.0.0.1:80", joinedNow: false), returning];
        Assert.Null(SlowStartWeights.For(hosts, info));

        returning.Health.Update(HostHealthFlags.FailedActiveCheck, set: true);
        _time.Advance(TimeSpan.FromMinutes(5));
        returning.Health.Update(HostHealthFlags.FailedActiveCheck, set: false);
        _time.Advance(Window / 2);

        Assert.Equal(0.5, SlowStartWeights.For(hosts, info)!.Factor(1), 6);
    }

    [Fact]
    public void Constructor_NonPositiveWindow_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SlowStartWeights([0L], new SlowStartConfig { Duration = TimeSpan.Zero }, _time));
    }

    private Host Host(ClusterInfo info, string address, bool joinedNow)
    {
        Assert.True(HostAddress.TryParse(address, out var endPoint, out _));
        return new Host(address, endPoint, null, 1, new Dictionary<string, string>(), info, new HostStats(), new HostHealth(_time, joinedNow));
    }
}
