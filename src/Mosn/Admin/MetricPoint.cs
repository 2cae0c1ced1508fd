namespace Mosn.Admin;

/// <summary>One measured value of an instrument with its labels (name, value pairs in the order the instrument gave them).</summary>
internal readonly record struct MetricPoint(KeyValuePair<string, string>[] Labels, long Value);
