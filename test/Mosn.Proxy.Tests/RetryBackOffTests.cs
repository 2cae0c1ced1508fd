using Mosn.Abstractions.Router;

namespace Mosn.Proxy.Tests;

public sealed class RetryBackOffTests
{
    private static readonly RetryPolicy Policy = new() { BackOffBase = TimeSpan.FromMilliseconds(25), BackOffMax = TimeSpan.FromMilliseconds(250) };

    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 50)]
    [InlineData(3, 100)]
    [InlineData(4, 200)]
    [InlineData(5, 250)]
    [InlineData(30, 250)]
    public void Delay_UpperBound_DoublesPerRetryUpToTheCap(int retry, int ceilingMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), RetryBackOff.Delay(Policy, retry, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs / 2.0), RetryBackOff.Delay(Policy, retry, 0.5));
        Assert.Equal(TimeSpan.Zero, RetryBackOff.Delay(Policy, retry, 0.0));
    }

    [Fact]
    public void Delay_ZeroBase_RetriesAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, RetryBackOff.Delay(Policy with { BackOffBase = TimeSpan.Zero }, 3, 0.9));
    }
}
