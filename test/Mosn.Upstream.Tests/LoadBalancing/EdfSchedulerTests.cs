using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class EdfSchedulerTests
{
    private static List<int> Run(EdfScheduler scheduler, int picks, Func<int, double> weight)
    {
        var order = new List<int>();
        for (var i = 0; i < picks; i++)
        {
            var host = scheduler.PopNext();
            order.Add(host);
            scheduler.Push(host, weight(host));
        }

        return order;
    }

    [Fact]
    public void PopNext_EqualWeights_RoundRobinInIndexOrder()
    {
        Assert.Equal([0, 1, 2, 0, 1, 2], Run(new EdfScheduler([1, 1, 1]), 6, _ => 1));
    }

    [Fact]
    public void PopNext_FixedWeights_ExactSharesSpreadEvenly()
    {
        double[] weights = [1, 2, 5];
        var order = Run(new EdfScheduler(weights), 8000, h => weights[h]);

        Assert.Equal([1000, 2000, 5000], [.. Enumerable.Range(0, 3).Select(h => order.Count(x => x == h))]);
        // Spread evenly: the lightest host (1 in 8 turns) never gets two turns in a row.
        Assert.DoesNotContain(order.Zip(order.Skip(1)), p => p.First == 0 && p.Second == 0);
    }

    [Fact]
    public void Push_LowerWeightWhenBusy_HostsNextTurnRecedes()
    {
        // Host 0 reports weight 0.5 after each of its picks (busy), host 1 stays at 1: about 1 : 2.
        var order = Run(new EdfScheduler([1, 1]), 3000, h => h == 0 ? 0.5 : 1);

        Assert.InRange(order.Count(x => x == 0), 990, 1010);
    }
}
