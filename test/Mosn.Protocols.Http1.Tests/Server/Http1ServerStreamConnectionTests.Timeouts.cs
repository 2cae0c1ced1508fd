using Mosn.Abstractions.Network;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http1.Tests.TestSupport;

namespace Mosn.Protocols.Http1.Tests.Server;

public partial class Http1ServerStreamConnectionTests
{
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Dispatch_HeadTrickledPastTimeout_Answers408AndCloses()
    {
        var before = Http1Stats.GetDecodeErrors(Http1DecodeError.RequestHeadersTimeout);
        var harness = new ServerHarness(ProtocolOptions.Default with { RequestHeadersTimeout = TimeSpan.FromMilliseconds(100) });
        harness.Feed("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ");
        await WaitUntilAsync(() => harness.Connection.ClosedWith is not null);
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", harness.Connection.WrittenText, StringComparison.Ordinal);
        Assert.Equal(ConnectionCloseType.FlushWrite, harness.Connection.ClosedWith);
        Assert.Empty(harness.Requests);
        Assert.True(Http1Stats.GetDecodeErrors(Http1DecodeError.RequestHeadersTimeout) > before);
    }

    [Fact]
    public async Task Dispatch_HeadCompletesInTime_NoTimeoutLater()
    {
        var harness = new ServerHarness(ProtocolOptions.Default with { RequestHeadersTimeout = TimeSpan.FromMilliseconds(100) }) { AutoRespond = true };
        harness.Feed("GET / HTTP/1.1\r\nHo");
        harness.Feed("st: a\r\n\r\n");
        await Task.Delay(300);
        Assert.Single(harness.Requests);
        Assert.Null(harness.Connection.ClosedWith);
        Assert.DoesNotContain("408", harness.Connection.WrittenText, StringComparison.Ordinal);
    }
}
