using Mosn.Abstractions.Config;
using Mosn.Abstractions.Protocol;

namespace Mosn.Router.Headers;

/// <summary>
/// The header edits of one level (router, virtual host or route) in one direction: first the removals, then the
/// additions in config order (Envoy's <c>HeaderParser</c> order). An addition with <c>append</c> true adds a value next
/// to existing ones; with <c>append</c> false it replaces them. Values are literal (MOSN's <c>%VAR%</c> formatters are
/// not supported yet). Immutable and thread-safe; <see cref="Apply"/> mutates only the map it is given.
/// </summary>
internal sealed class HeaderMutation
{
    private readonly string[] _remove;
    private readonly HeaderValueOption[] _add;

    private HeaderMutation(string[] remove, HeaderValueOption[] add)
    {
        _remove = remove;
        _add = add;
    }

    /// <summary>
    /// Compiles a level's lists; null when both are empty. Throws <see cref="ArgumentException"/> for an empty name or
    /// a pseudo header (<c>:path</c>, <c>:authority</c>, ...): rewrites, not header lists, change those.
    /// </summary>
    public static HeaderMutation? Create(IReadOnlyList<string>? remove, IReadOnlyList<HeaderValueOption>? add, string where)
    {
        remove ??= [];
        add ??= [];
        if (remove.Count == 0 && add.Count == 0)
        {
            return null;
        }

        foreach (var name in remove)
        {
            CheckName(name, where);
        }

        foreach (var option in add)
        {
            ArgumentNullException.ThrowIfNull(option);
            CheckName(option.Key, where);
        }

        return new HeaderMutation([.. remove], [.. add]);
    }

    /// <summary>The non-null mutations of <paramref name="levels"/>, in order (empty when there are none).</summary>
    public static HeaderMutation[] Chain(params HeaderMutation?[] levels) => [.. levels.OfType<HeaderMutation>()];

    /// <summary>Applies the removals, then the additions, to <paramref name="headers"/>.</summary>
    public void Apply(IHeaderMap headers)
    {
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var option in _add)
        {
            if (option.Append)
            {
                headers.Add(option.Key, option.Value ?? "");
            }
            else
            {
                headers.Set(option.Key, option.Value ?? "");
            }
        }
    }

    private static void CheckName(string? name, string where)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"{where}: a header to add or remove has an empty name.");
        }

        if (name[0] == ':')
        {
            throw new ArgumentException($"{where}: pseudo header '{name}' cannot be added or removed; use prefix_rewrite, regex_rewrite or host_rewrite.");
        }
    }
}
