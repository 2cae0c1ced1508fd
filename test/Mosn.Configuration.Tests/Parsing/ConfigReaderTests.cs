using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Configuration.Parsing;

namespace Mosn.Configuration.Tests.Parsing;

public sealed class ConfigReaderTests
{
    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Duration_String_IsParsed()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        Assert.Equal(TimeSpan.FromMilliseconds(250), reader.Duration(Parse("\"250ms\""), "p"));
        Assert.False(reader.Diagnostics.HasErrors);
    }

    [Fact]
    public void Duration_Null_IsAbsentWithoutError()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        Assert.Null(reader.Duration(Parse("null"), "p"));
        Assert.False(reader.Diagnostics.HasErrors);
    }

    [Fact]
    public void Duration_WrongText_ReportsQuotedValue()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        Assert.Null(reader.Duration(Parse("\"ten\""), "a.b"));

        var error = Assert.Single(reader.Diagnostics.Errors);
        Assert.Equal(new ConfigDiagnostic("a.b", "expected a duration like \"10s\", got \"ten\""), error);
    }

    [Fact]
    public void Integer_FractionOrOutOfRange_IsError()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        Assert.Null(reader.Integer(Parse("1.5"), "x", 0, 10));
        Assert.Null(reader.Integer(Parse("11"), "y", 0, 10));
        Assert.Null(reader.Integer(Parse("\"3\""), "z", 0, 10));

        Assert.Equal(["x", "y", "z"], reader.Diagnostics.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Bool_WrongType_IsError()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        Assert.Null(reader.Bool(Parse("\"yes\""), "flag"));

        Assert.Contains("expected true or false, got \"yes\"", Assert.Single(reader.Diagnostics.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_FlattensMosnLb()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        var metadata = reader.Metadata(Parse("""{"filter_metadata": {"mosn.lb": {"k": "v"}, "other": {"x": "y"}}}"""), "m");

        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, metadata);
        Assert.Equal("m.filter_metadata.other", Assert.Single(reader.Diagnostics.Warnings).Path);
    }

    [Fact]
    public void Skip_DistinguishesIgnoredFromUnknown()
    {
        var reader = new ConfigReader(new ConfigDiagnostics());

        reader.Skip("tracing", "tracing", ConfigSection.Root);
        reader.Skip("nonsense", "nonsense", ConfigSection.Root);

        Assert.Equal("ignored: not supported by Mosn.NET yet", reader.Diagnostics.Warnings[0].Message);
        Assert.StartsWith("unknown key \"nonsense\"", reader.Diagnostics.Warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_KeyWithDot_IsQuoted()
    {
        Assert.Equal("a.b[\"mosn.lb\"]", JsonPaths.Property("a.b", "mosn.lb"));
        Assert.Equal("servers", JsonPaths.Property("", "servers"));
    }
}
