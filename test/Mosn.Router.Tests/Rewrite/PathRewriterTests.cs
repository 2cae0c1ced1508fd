using Mosn.Abstractions.Protocol;
using Mosn.Router.Matching;
using Mosn.Router.Rewrite;
using Mosn.Streams;

namespace Mosn.Router.Tests.Rewrite;

public class PathRewriterTests
{
    private static HeaderMap WithPath(string? path)
    {
        var headers = new HeaderMap();
        if (path is not null)
        {
            headers.Add(PseudoHeaders.Path, path);
        }

        return headers;
    }

    [Fact]
    public void Create_NothingConfigured_ReturnsNull()
    {
        Assert.Null(PathRewriter.Create(new PrefixPathMatcher("/", true), null, null, null, "t"));
        Assert.Null(PathRewriter.Create(null, "", "", "", "t"));
    }

    [Fact]
    public void Apply_PrefixNoLongerMatches_LeavesPath()
    {
        var rewriter = PathRewriter.Create(new PrefixPathMatcher("/api", true), "/v2", null, null, "t")!;
        var headers = WithPath("/other?x");

        rewriter.Apply(headers);

        Assert.Equal("/other?x", headers.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void Apply_PrefixRewriteBeatsRegexRewrite()
    {
        var rewriter = PathRewriter.Create(new PrefixPathMatcher("/api", true), "/v2", "v2", "v3", "t")!;
        var headers = WithPath("/api/x");

        rewriter.Apply(headers);

        Assert.Equal("/v2/x", headers.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void Apply_RegexWithoutMatch_LeavesPath()
    {
        var rewriter = PathRewriter.Create(null, null, "^/nomatch", "/x", "t")!;
        var headers = WithPath("/a?b");

        rewriter.Apply(headers);

        Assert.Equal("/a?b", headers.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void Apply_RegexNeverSeesQuery()
    {
        var rewriter = PathRewriter.Create(null, null, "a", "b", "t")!;
        var headers = WithPath("/aa?a=a");

        rewriter.Apply(headers);

        Assert.Equal("/bb?a=a", headers.Get(PseudoHeaders.Path));
    }

    [Fact]
    public void Apply_NoPathHeader_DoesNothing()
    {
        var rewriter = PathRewriter.Create(null, null, "a", "b", "t")!;
        var headers = WithPath(null);

        rewriter.Apply(headers);

        Assert.Null(headers.Get(PseudoHeaders.Path));
    }
}
