using System.Diagnostics.CodeAnalysis;
using Mosn.Abstractions.Upstream;

namespace Mosn.Upstream.LoadBalancing;

/// <summary>A node of a <see cref="SubsetSelector"/> tree: the subtrees by the next key's value, and the balancer of a complete path.</summary>
internal sealed class SubsetNode
{
    private Dictionary<string, SubsetNode>? _children;

    /// <summary>The balancer of the subset this path names (null on inner nodes).</summary>
    public ILoadBalancer? Balancer { get; set; }

    /// <summary>The child for <paramref name="value"/>, created if missing. Build time only.</summary>
    public SubsetNode Child(string value)
    {
        _children ??= new Dictionary<string, SubsetNode>(StringComparer.Ordinal);
        if (!_children.TryGetValue(value, out var child))
        {
            child = new SubsetNode();
            _children[value] = child;
        }

        return child;
    }

    /// <summary>The child for <paramref name="value"/>, if any.</summary>
    public bool TryGetChild(string value, [NotNullWhen(true)] out SubsetNode? child)
    {
        child = null;
        return _children is not null && _children.TryGetValue(value, out child);
    }

    /// <summary>The number of balancers in this subtree.</summary>
    public int CountBalancers() => (Balancer is null ? 0 : 1) + (_children?.Values.Sum(c => c.CountBalancers()) ?? 0);
}
