using Mosn.Abstractions.Config;

namespace Mosn.Hosting;

/// <summary>The outcome of a live reload (<see cref="MosnServer.ReloadAsync"/>).</summary>
/// <param name="Applied">True when the new configuration was applied; false when it was rejected as a whole.</param>
/// <param name="Diagnostics">The new configuration's errors (why it was rejected) and warnings.</param>
/// <param name="Changes">What changed, one line each (e.g. <c>cluster "a" updated</c>); empty when nothing did.</param>
public sealed record ReloadResult(bool Applied, ConfigDiagnostics Diagnostics, IReadOnlyList<string> Changes);
