using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>
/// The subsets of one <c>subset_selectors</c> entry: a tree with one level per key (keys in ordinal order), whose
/// complete paths hold the balancer of the hosts with those values. Built once per snapshot, then read-only and
/// thread-safe; <see cref="Find"/> does not allocate.
/// </summary>
internal sealed class SubsetSelector(string[] keys)
{
    /// <summary>The selector's keys, sorted, without duplicates.</summary>
    public string[] Keys { get; } = keys;

    /// <summary>The root of the tree.</summary>
    public SubsetNode Root { get; } = new();

    /// <summary>Adds the subset whose values (in <see cref="Keys"/> order) are <paramref name="values"/>. Build time only.</summary>
    public void Add(string[] values, ILoadBalancer balancer)
    {
        var node = Root;
        foreach (var value in values)
        {
            node = node.Child(value);
        }

        node.Balancer = balancer;
    }

    /// <summary>The subset for <paramref name="criteria"/> if their keys are exactly <see cref="Keys"/>; else null.</summary>
    public ILoadBalancer? Find(IReadOnlyDictionary<string, string> criteria)
    {
        if (criteria.Count != Keys.Length)
        {
            return null;
        }

        var node = Root;
        foreach (var key in Keys)
        {
            if (!criteria.TryGetValue(key, out var value) || !node.TryGetChild(value, out node))
            {
                return null;
            }
        }

        return node.Balancer;
    }
}
