using System.Reflection;

namespace Mosn.ArchitectureTests;

/// <summary>DESIGN.md §3 rule 2: references point downward only. Checked on the compiled assemblies.</summary>
public sealed class LayeringTests
{
    /// <summary>Which of our assemblies each assembly may reference (directly).</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Mosn.Abstractions"] = [],
        ["Mosn.Network"] = ["Mosn.Abstractions"],
        ["Mosn.Streams"] = ["Mosn.Abstractions", "Mosn.Network"],
        ["Mosn.Protocols.Http1"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams"],
        ["Mosn.Protocols.Http2"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams"],
        ["Mosn.Protocols.XProtocol"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams"],
        ["Mosn.Protocols.Bolt"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams", "Mosn.Protocols.XProtocol"],
        ["Mosn.Protocols.Dubbo"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams", "Mosn.Protocols.XProtocol"],
        ["Mosn.Router"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams"],
        ["Mosn.Upstream"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams"],
        ["Mosn.Proxy"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams", "Mosn.Router", "Mosn.Upstream"],
        ["Mosn.Filters"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams", "Mosn.Upstream"],
        ["Mosn.Configuration"] = ["Mosn.Abstractions"],
        ["mosn"] = ["Mosn.Abstractions", "Mosn.Network", "Mosn.Streams", "Mosn.Protocols.Http1", "Mosn.Protocols.Http2", "Mosn.Protocols.XProtocol", "Mosn.Protocols.Bolt", "Mosn.Protocols.Dubbo", "Mosn.Router", "Mosn.Upstream", "Mosn.Proxy", "Mosn.Filters", "Mosn.Configuration"],
    };

    public static TheoryData<string> Assemblies => [.. s_allowed.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void References_OnlyPointDownward(string name)
    {
        var assembly = Assembly.Load(name);
        var ours = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Mosn", StringComparison.OrdinalIgnoreCase) || n == "mosn")
            .ToList();
        var forbidden = ours.Except(s_allowed[name]).ToList();
        Assert.True(forbidden.Count == 0, $"{name} references {string.Join(", ", forbidden)}, which is not below it");
    }

    [Fact]
    public void Abstractions_HasNoImplementationDependencies()
    {
        var references = Assembly.Load("Mosn.Abstractions").GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, r => r.StartsWith("Mosn", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryProjectIsChecked()
    {
        var src = FindRepoRoot() is { } root ? Directory.GetDirectories(Path.Combine(root, "src")).Select(Path.GetFileName).ToList() : [];
        Assert.NotEmpty(src);
        foreach (var project in src)
        {
            var assemblyName = project == "Mosn" ? "mosn" : project!;
            Assert.True(s_allowed.ContainsKey(assemblyName), $"src/{project} is not in the layering table of this test");
        }
    }

    private static string? FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mosn.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }
}
