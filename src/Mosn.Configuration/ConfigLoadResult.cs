using Mosn.Abstractions.Config;

namespace Mosn.Configuration;

/// <summary>
/// The outcome of loading a MOSN configuration: the mapped model when the file is valid, and every error and warning
/// found, each with the JSON path of the place it concerns. Immutable; safe to share between threads.
/// </summary>
/// <param name="Config">The configuration, or null when <paramref name="Diagnostics"/> holds at least one error.</param>
/// <param name="Diagnostics">All errors and warnings, in file order within each kind.</param>
public sealed record ConfigLoadResult(MosnConfig? Config, ConfigDiagnostics Diagnostics)
{
    /// <summary>True when the configuration loaded without errors (warnings allowed) and <see cref="Config"/> is set.</summary>
    public bool Succeeded => Config is not null;
}
