using Mosn.Abstractions.Protocol;

namespace Mosn.Router.Matching;

/// <summary>Slices the path out of a request target without allocating.</summary>
internal static class RequestPath
{
    /// <summary>The path part of <c>:path</c> (query and fragment excluded); empty when the request has no <c>:path</c>.</summary>
    public static ReadOnlySpan<char> Of(IHeaderMap requestHeaders) =>
        requestHeaders.TryGet(PseudoHeaders.Path, out var target) ? PathOf(target) : default;

    /// <summary>The path part of a request target (everything before the first '?' or '#').</summary>
    public static ReadOnlySpan<char> PathOf(ReadOnlySpan<char> target)
    {
        var end = target.IndexOfAny('?', '#');
        return end < 0 ? target : target[..end];
    }
}
