using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Validation;

/// <summary>
/// Checks the domains of the virtual hosts of one route table: each host has at least one domain; a domain is exact,
/// <c>"*"</c>, <c>"*.suffix"</c> or <c>"prefix.*"</c>; no domain appears twice in the table (compared
/// case-insensitively, as hosts are matched lower-cased), so there is at most one default host <c>"*"</c>.
/// </summary>
internal static class DomainValidator
{
    /// <summary>Validates <paramref name="hosts"/>, whose JSON paths are <paramref name="paths"/> (same order).</summary>
    public static void Validate(IReadOnlyList<VirtualHostConfig> hosts, IReadOnlyList<string> paths, ConfigReader reader)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < hosts.Count; i++)
        {
            var domainsPath = JsonPaths.Property(paths[i], "domains");
            if (hosts[i].Domains.Count == 0)
            {
                reader.Error(domainsPath, "a virtual host needs at least one domain (use \"*\" for any host)");
                continue;
            }

            for (var d = 0; d < hosts[i].Domains.Count; d++)
            {
                var domain = hosts[i].Domains[d];
                var domainPath = JsonPaths.Index(domainsPath, d);
                if (CheckShape(domain) is { } problem)
                {
                    reader.Error(domainPath, problem);
                    continue;
                }

                if (seen.TryGetValue(domain, out var firstPath))
                {
                    var what = domain == "*" ? "more than one default virtual host (\"*\")" : $"duplicate domain \"{domain}\"";
                    reader.Error(domainPath, $"{what}; first defined at {firstPath}");
                    continue;
                }

                seen.Add(domain, domainPath);
            }
        }
    }

    private static string? CheckShape(string domain)
    {
        if (domain.Length == 0)
        {
            return "a domain must not be empty";
        }

        var stars = domain.Count(c => c == '*');
        if (stars == 0 || domain == "*")
        {
            return null;
        }

        var valid = stars == 1
            && ((domain.StartsWith("*.", StringComparison.Ordinal) && domain.Length > 2)
                || (domain.EndsWith(".*", StringComparison.Ordinal) && domain.Length > 2));
        return valid
            ? null
            : $"invalid wildcard domain \"{domain}\": use \"*\", \"*.suffix\" or \"prefix.*\"";
    }
}
