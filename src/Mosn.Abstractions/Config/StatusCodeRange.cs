namespace Mosn.Abstractions.Config;

/// <summary>A range of HTTP status codes, <paramref name="Start"/> included and <paramref name="End"/> excluded (Envoy's <c>Int64Range</c>).</summary>
/// <param name="Start">First status in the range.</param>
/// <param name="End">First status after the range.</param>
public readonly record struct StatusCodeRange(int Start, int End)
{
    /// <summary>True when <paramref name="status"/> is in the range.</summary>
    public bool Contains(int status) => status >= Start && status < End;
}
