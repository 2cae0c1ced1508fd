using Mosn.Abstractions.Config;
using Mosn.Router.Headers;
using Mosn.Streams;

namespace Mosn.Router.Tests.Headers;

public class HeaderMutationTests
{
    [Fact]
    public void Create_NothingConfigured_ReturnsNull()
    {
        Assert.Null(HeaderMutation.Create([], [], "t"));
        Assert.Null(HeaderMutation.Create(null, null, "t"));
    }

    [Fact]
    public void Apply_AppendAndSet_FollowAppendFlag()
    {
        var mutation = HeaderMutation.Create(
            ["x-drop"],
            [new HeaderValueOption { Key = "x-multi", Value = "2" }, new HeaderValueOption { Key = "x-single", Value = "new", Append = false }],
            "t")!;
        var headers = new HeaderMap();
        headers.Add("x-multi", "1");
        headers.Add("x-single", "old1");
        headers.Add("x-single", "old2");
        headers.Add("X-Drop", "a");
        headers.Add("x-drop", "b");

        mutation.Apply(headers);

        Assert.Equal(["1", "2"], headers.Values("x-multi"));
        Assert.Equal(["new"], headers.Values("x-single"));
        Assert.Empty(headers.Values("x-drop"));
    }

    [Fact]
    public void Apply_RemoveAndAddSameName_AddsAfterRemoving()
    {
        var mutation = HeaderMutation.Create(["x-a"], [new HeaderValueOption { Key = "x-a", Value = "mine" }], "t")!;
        var headers = new HeaderMap();
        headers.Add("x-a", "theirs");

        mutation.Apply(headers);

        Assert.Equal(["mine"], headers.Values("x-a"));
    }

    [Fact]
    public void Chain_SkipsNullLevels()
    {
        var only = HeaderMutation.Create(["x"], [], "t");

        Assert.Equal([only!], HeaderMutation.Chain(null, only, null));
        Assert.Empty(HeaderMutation.Chain(null, null));
    }

    [Theory]
    [InlineData(":authority")]
    [InlineData("  ")]
    public void Create_BadRemoveName_Throws(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => HeaderMutation.Create([name], [], "vh[0]"));

        Assert.StartsWith("vh[0]", error.Message, StringComparison.Ordinal);
    }
}
