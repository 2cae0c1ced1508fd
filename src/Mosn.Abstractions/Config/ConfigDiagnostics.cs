namespace Mosn.Abstractions.Config;

/// <summary>
/// Collects configuration errors and warnings, each with the JSON path of the place in the file it concerns, so that
/// every problem is reported at once. Not thread-safe (config is built on one thread).
/// </summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigDiagnostic> _errors = [];
    private readonly List<ConfigDiagnostic> _warnings = [];

    /// <summary>Errors: any error makes the configuration invalid.</summary>
    public IReadOnlyList<ConfigDiagnostic> Errors => _errors;

    /// <summary>Warnings: ignored keys and other things that do not stop start-up.</summary>
    public IReadOnlyList<ConfigDiagnostic> Warnings => _warnings;

    /// <summary>True when there is at least one error.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Records an error at <paramref name="path"/> (e.g. <c>servers[0].listeners[1].address</c>).</summary>
    public void AddError(string path, string message) => _errors.Add(new ConfigDiagnostic(path, message));

    /// <summary>Records a warning at <paramref name="path"/>.</summary>
    public void AddWarning(string path, string message) => _warnings.Add(new ConfigDiagnostic(path, message));
}
