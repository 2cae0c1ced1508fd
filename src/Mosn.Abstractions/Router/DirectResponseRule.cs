namespace Mosn.Abstractions.Router;

/// <summary>A route that answers directly.</summary>
public sealed record DirectResponseRule(int StatusCode, string? Body);
