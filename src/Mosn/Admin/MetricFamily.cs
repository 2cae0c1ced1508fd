namespace Mosn.Admin;

/// <summary>The values of one instrument collected in one scrape. Owned by the caller of <see cref="MetricsCollector.Collect"/>.</summary>
internal sealed class MetricFamily(string name, string? description, string? unit, bool isCounter)
{
    /// <summary>The instrument name (<c>mosn.&lt;group&gt;.&lt;metric&gt;</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The instrument description, if any.</summary>
    public string? Description { get; } = description;

    /// <summary>The instrument unit (UCUM, e.g. <c>By</c>), if any.</summary>
    public string? Unit { get; } = unit;

    /// <summary>True for a monotonic counter; false for a gauge (up-down counter or gauge).</summary>
    public bool IsCounter { get; } = isCounter;

    /// <summary>The values, one per label set.</summary>
    public List<MetricPoint> Points { get; } = [];
}
