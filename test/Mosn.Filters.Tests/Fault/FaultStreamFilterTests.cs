using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Streams;
using Mosn.Filters.Fault;
using Mosn.Filters.Tests.Fakes;
using Mosn.Streams;

namespace Mosn.Filters.Tests.Fault;

public sealed class FaultStreamFilterTests
{
    private static FaultStreamFilterChainFactory Build(string json, TimeProvider? time = null, int seed = 42)
    {
        var diagnostics = new ConfigDiagnostics();
        using var document = JsonDocument.Parse(json);
        var context = new StubFilterFactoryContext(time ?? new ManualTimeProvider());
        var factory = new FaultStreamFilterFactory(new Random(seed)).CreateFactory(document.RootElement.Clone(), "stream_filters[0].config", diagnostics, context);
        Assert.Empty(diagnostics.Errors);
        return Assert.IsType<FaultStreamFilterChainFactory>(factory);
    }

    private static IStreamReceiverFilter NewFilter(FaultStreamFilterChainFactory factory)
    {
        var builder = new RecordingStreamFilterChainBuilder();
        factory.CreateFilterChain(builder);
        var (filter, phase) = Assert.Single(builder.Receivers);
        Assert.Equal(StreamFilterPhase.AfterRoute, phase);
        return filter;
    }

    private static (StreamFilterStatus Status, FakeReceiverFilterHandler Handler) Run(FaultStreamFilterChainFactory factory, HeaderMap? headers = null, string? cluster = null)
    {
        var handler = new FakeReceiverFilterHandler { Route = cluster is null ? null : new FakeRoute(cluster) };
        var filter = NewFilter(factory);
        var status = filter.OnReceive(handler, headers ?? new HeaderMap(), endStream: true);
        filter.OnDestroy();
        return (status, handler);
    }

    [Fact]
    public void OnReceive_AbortAt100Percent_RepliesWithStatusAndTerminates()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 100}}""");

        var (status, handler) = Run(factory);

        Assert.Equal(StreamFilterStatus.Termination, status);
        Assert.Equal([503], handler.LocalReplies);
        Assert.Equal(0, handler.ContinueCount);
    }

    [Fact]
    public void OnReceive_AbortAt0Percent_NeverAborts()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 0}, "delay": {"fixed_delay": "1s", "percentage": 0}}""");
        var builder = new RecordingStreamFilterChainBuilder();

        factory.CreateFilterChain(builder);

        Assert.Empty(builder.Receivers); // nothing can ever trigger: no filter at all
    }

    [Fact]
    public void OnReceive_AbortAt0PercentWithDelayConfigured_NeverAborts()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 0}, "delay": {"fixed_delay": "0s", "percentage": 100}}""");
        var builder = new RecordingStreamFilterChainBuilder();
        factory.CreateFilterChain(builder);
        Assert.Empty(builder.Receivers);

        var some = Build("""{"abort": {"status": 503, "percentage": 0}, "delay": {"fixed_delay": "1s", "percentage": 1}}""");
        for (var i = 0; i < 500; i++)
        {
            var handler = new FakeReceiverFilterHandler();
            var filter = NewFilter(some);
            filter.OnReceive(handler, new HeaderMap(), true);
            filter.OnDestroy();
            Assert.Empty(handler.LocalReplies);
        }
    }

    [Fact]
    public void OnReceive_AbortAt50PercentOver2000Streams_AbortsAboutHalf()
    {
        // Seeded, so the count is fixed; the tolerance (±5 points, over 4 standard deviations) documents that any
        // reasonable seed passes, i.e. the filter really draws with probability percentage/100.
        var factory = Build("""{"abort": {"status": 500, "percentage": 50}}""", seed: 20240601);
        var aborted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var (status, _) = Run(factory);
            if (status == StreamFilterStatus.Termination)
            {
                aborted++;
            }
        }

        Assert.InRange(aborted, 900, 1100);
    }

    [Fact]
    public void OnReceive_DelayAt100Percent_StopsThenContinuesWhenTimerFires()
    {
        var time = new ManualTimeProvider();
        var factory = Build("""{"delay": {"fixed_delay": "2s", "percentage": 100}}""", time);
        var handler = new FakeReceiverFilterHandler();
        var filter = NewFilter(factory);

        var status = filter.OnReceive(handler, new HeaderMap(), true);

        Assert.Equal(StreamFilterStatus.Stop, status);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, handler.ContinueCount);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, handler.ContinueCount);
        Assert.Empty(handler.LocalReplies);
        filter.OnDestroy();
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public void OnReceive_DelayAndAbortBothTrigger_AbortsAfterTheDelay()
    {
        var time = new ManualTimeProvider();
        var factory = Build("""{"delay": {"fixed_delay": "500ms", "percentage": 100}, "abort": {"status": 429, "percentage": 100}}""", time);
        var handler = new FakeReceiverFilterHandler();
        var filter = NewFilter(factory);

        Assert.Equal(StreamFilterStatus.Stop, filter.OnReceive(handler, new HeaderMap(), true));
        Assert.Empty(handler.LocalReplies);
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal([429], handler.LocalReplies);
        Assert.Equal(0, handler.ContinueCount);
    }

    [Fact]
    public void OnDestroy_WhileDelayed_DisposesTimerAndNeverResumes()
    {
        var time = new ManualTimeProvider();
        var factory = Build("""{"delay": {"fixed_delay": "1s", "percentage": 100}}""", time);
        var handler = new FakeReceiverFilterHandler();
        var filter = NewFilter(factory);
        filter.OnReceive(handler, new HeaderMap(), true);
        Assert.Equal(1, time.ActiveTimerCount);

        filter.OnDestroy();
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, time.ActiveTimerCount);
        Assert.Equal(0, handler.ContinueCount);
        Assert.Empty(handler.LocalReplies);
    }

    [Fact]
    public void OnReceive_HeadersDoNotMatch_Continues()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 100}, "headers": [{"name": "x-fault", "value": "yes"}]}""");

        Assert.Equal(StreamFilterStatus.Continue, Run(factory).Status);
        Assert.Equal(StreamFilterStatus.Continue, Run(factory, new HeaderMap([new("x-fault", "no")])).Status);
        Assert.Equal(StreamFilterStatus.Termination, Run(factory, new HeaderMap([new("X-Fault", "yes")])).Status);
    }

    [Fact]
    public void OnReceive_RegexHeader_MatchesAnywhereInValue()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 100}, "headers": [{"name": "service", "value": "Echo[0-9]+", "regex": true}]}""");

        Assert.Equal(StreamFilterStatus.Termination, Run(factory, new HeaderMap([new("service", "com.test.Echo42:1.0")])).Status);
        Assert.Equal(StreamFilterStatus.Continue, Run(factory, new HeaderMap([new("service", "com.test.Other:1.0")])).Status);
    }

    [Fact]
    public void OnReceive_UpstreamClusterSet_OnlyAffectsThatCluster()
    {
        var factory = Build("""{"abort": {"status": 503, "percentage": 100}, "upstream_cluster": "payments"}""");

        Assert.Equal(StreamFilterStatus.Termination, Run(factory, cluster: "payments").Status);
        Assert.Equal(StreamFilterStatus.Continue, Run(factory, cluster: "orders").Status);
    }
}
