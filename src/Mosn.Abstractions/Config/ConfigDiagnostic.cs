namespace Mosn.Abstractions.Config;

/// <summary>One configuration problem: where it is (a JSON path) and what it is.</summary>
public sealed record ConfigDiagnostic(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
