namespace Mosn.Proxy.AccessLog;

/// <summary>One piece of a parsed format: a variable, or literal text.</summary>
/// <param name="Variable">What the piece writes.</param>
/// <param name="Text">The literal text for <see cref="AccessLogVariable.Literal"/>, the header name for header variables, else null.</param>
internal readonly record struct AccessLogSegment(AccessLogVariable Variable, string? Text = null);
