using System.Text;
using Mosn.Abstractions.Protocol;
using Mosn.Protocols.Http2.HPack;
using Mosn.Protocols.Http2.Messages;
using Mosn.Streams;
using Mosn.Testing;

namespace Mosn.Protocols.Http2.Tests.Messages;

public sealed class HeaderBlockCollectorTests
{
    private static readonly (string, string)[] Get = [(":method", "GET"), (":scheme", "http"), (":authority", "a.example"), (":path", "/")];

    private static HeaderValidationError Collect(HeaderBlockCollector collector, HeaderBlockKind kind, out HeaderMap map, params (string Name, string Value)[] fields)
    {
        collector.Begin(kind);
        foreach (var (name, value) in fields)
        {
            var flags = name.StartsWith(':') ? HeaderFieldFlags.PseudoHeader : HeaderFieldFlags.None;
            collector.OnHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value), flags);
        }

        return collector.Complete(out map);
    }

    private static HeaderValidationError Collect(HeaderBlockKind kind, out HeaderMap map, params (string Name, string Value)[] fields) =>
        Collect(new HeaderBlockCollector(100), kind, out map, fields);

    [Fact]
    public void Complete_ValidRequest_KeepsPseudoHeadersAndFieldsInOrder()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, [.. Get, ("accept", "*/*"), ("x-b", "2")]);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal(
            [new(PseudoHeaders.Method, "GET"), new(PseudoHeaders.Scheme, "http"), new(PseudoHeaders.Authority, "a.example"), new(PseudoHeaders.Path, "/"), new("accept", "*/*"), new("x-b", "2")],
            map);
    }

    [Fact]
    public void Complete_Request_ExposesMethodAndContentLength()
    {
        var collector = new HeaderBlockCollector(100);

        Collect(collector, HeaderBlockKind.Request, out _, [(":method", "PUT"), (":scheme", "http"), (":path", "/"), ("content-length", "42")]);

        Assert.Equal("PUT", collector.RequestMethod);
        Assert.Equal(42, collector.ContentLength);
    }

    [Fact]
    public void Begin_AfterBlock_ResetsState()
    {
        var collector = new HeaderBlockCollector(100);
        Collect(collector, HeaderBlockKind.Request, out var first, [.. Get, ("content-length", "5"), ("X-Bad", "v")]);

        var error = Collect(collector, HeaderBlockKind.Request, out var second, Get);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal(-1, collector.ContentLength);
        Assert.NotSame(first, second);
        Assert.Equal(4, second.Count);
    }

    [Fact]
    public void Complete_HostWithoutAuthority_BecomesAuthority()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, (":method", "GET"), (":scheme", "http"), (":path", "/"), ("host", "h.example:8080"));

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal("h.example:8080", map.Get(PseudoHeaders.Authority));
        Assert.Null(map.Get("host"));
    }

    [Fact]
    public void Complete_HostMatchingAuthority_Dropped()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, [.. Get, ("host", "A.EXAMPLE")]);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal("a.example", map.Get(PseudoHeaders.Authority));
        Assert.Equal(1, map.CountOf(PseudoHeaders.Authority));
        Assert.Null(map.Get("host"));
    }

    [Fact]
    public void Complete_HostDifferentFromAuthority_HostMismatch() =>
        Assert.Equal(HeaderValidationError.HostMismatch, Collect(HeaderBlockKind.Request, out _, [.. Get, ("host", "other.example")]));

    [Fact]
    public void Complete_SeveralCookies_JoinedWithSemicolonSpace()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, [.. Get, ("cookie", "a=1"), ("accept", "x"), ("cookie", "b=2"), ("cookie", "c=3")]);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal(1, map.CountOf("cookie"));
        Assert.Equal("a=1; b=2; c=3", map.Get("cookie"));
        Assert.Equal("x", map.Get("accept"));
    }

    [Fact]
    public void Complete_SingleCookie_Unchanged()
    {
        Collect(HeaderBlockKind.Request, out var map, [.. Get, ("cookie", "a=1; b=2")]);

        Assert.Equal("a=1; b=2", map.Get("cookie"));
    }

    [Fact]
    public void Complete_TeTrailers_Kept()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, [.. Get, ("te", "trailers")]);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal("trailers", map.Get("te"));
    }

    [Theory]
    [InlineData("te", "gzip")]
    [InlineData("te", "trailers, deflate")]
    [InlineData("connection", "keep-alive")]
    [InlineData("keep-alive", "1")]
    [InlineData("proxy-connection", "keep-alive")]
    [InlineData("transfer-encoding", "chunked")]
    [InlineData("upgrade", "h2c")]
    public void Complete_ConnectionSpecificField_Rejected(string name, string value) =>
        Assert.Equal(HeaderValidationError.ConnectionSpecificHeader, Collect(HeaderBlockKind.Request, out _, [.. Get, (name, value)]));

    [Theory]
    [InlineData("Accept")]
    [InlineData("x y")]
    [InlineData("x:y")]
    [InlineData("")]
    [InlineData("x\u00e9")]
    public void Complete_InvalidName_InvalidName(string name) =>
        Assert.Equal(HeaderValidationError.InvalidName, Collect(HeaderBlockKind.Request, out _, [.. Get, (name, "v")]));

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData(" a")]
    [InlineData("a\t")]
    public void Complete_InvalidValue_InvalidValue(string value) =>
        Assert.Equal(HeaderValidationError.InvalidValue, Collect(HeaderBlockKind.Request, out _, [.. Get, ("x", value)]));

    [Fact]
    public void Complete_ValueWithInnerSpaceAndObsText_Accepted() =>
        Assert.Equal(HeaderValidationError.None, Collect(HeaderBlockKind.Request, out _, [.. Get, ("x", "a b\t\u00ffc")]));

    [Fact]
    public void Complete_PseudoAfterRegular_PseudoHeaderAfterRegular() =>
        Assert.Equal(HeaderValidationError.PseudoHeaderAfterRegular, Collect(HeaderBlockKind.Request, out _, (":method", "GET"), ("x", "1"), (":scheme", "http"), (":path", "/")));

    [Theory]
    [InlineData(":status")]
    [InlineData(":protocol-version")]
    [InlineData(":Method")]
    [InlineData(":unknown")]
    public void Complete_UnexpectedRequestPseudo_UnexpectedPseudoHeader(string name) =>
        Assert.Equal(HeaderValidationError.UnexpectedPseudoHeader, Collect(HeaderBlockKind.Request, out _, [.. Get, (name, "1")]));

    [Theory]
    [InlineData(":method")]
    [InlineData(":scheme")]
    [InlineData(":authority")]
    [InlineData(":path")]
    public void Complete_DuplicatePseudo_DuplicatePseudoHeader(string name) =>
        Assert.Equal(HeaderValidationError.DuplicatePseudoHeader, Collect(HeaderBlockKind.Request, out _, [.. Get[..3], (name, "/x"), Get[3]]));

    [Theory]
    [InlineData(":method")]
    [InlineData(":scheme")]
    [InlineData(":path")]
    public void Complete_MissingPseudo_MissingPseudoHeader(string name) =>
        Assert.Equal(HeaderValidationError.MissingPseudoHeader, Collect(HeaderBlockKind.Request, out _, Get.Where(f => f.Item1 != name).ToArray()));

    [Fact]
    public void Complete_MissingAuthority_Accepted() =>
        Assert.Equal(HeaderValidationError.None, Collect(HeaderBlockKind.Request, out _, (":method", "GET"), (":scheme", "http"), (":path", "/")));

    [Theory]
    [InlineData("GET", "", nameof(HeaderValidationError.MissingPseudoHeader))]
    [InlineData("GET", "x/y", nameof(HeaderValidationError.InvalidPath))]
    [InlineData("GET", "*", nameof(HeaderValidationError.InvalidPath))]
    [InlineData("GET", "http://a/b", nameof(HeaderValidationError.InvalidPath))]
    [InlineData("OPTIONS", "*", nameof(HeaderValidationError.None))]
    [InlineData("GET", "/a?b=c", nameof(HeaderValidationError.None))]
    public void Complete_Path_Validated(string method, string path, string expected) =>
        Assert.Equal(Enum.Parse<HeaderValidationError>(expected), Collect(HeaderBlockKind.Request, out _, (":method", method), (":scheme", "http"), (":path", path)));

    [Fact]
    public void Complete_ConnectWithAuthorityOnly_Accepted()
    {
        var collector = new HeaderBlockCollector(100);

        var error = Collect(collector, HeaderBlockKind.Request, out _, (":method", "CONNECT"), (":authority", "h:443"));

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal("CONNECT", collector.RequestMethod);
    }

    [Theory]
    [InlineData(":path")]
    [InlineData(":scheme")]
    public void Complete_ConnectWithPathOrScheme_MissingPseudoHeader(string name) =>
        Assert.Equal(HeaderValidationError.MissingPseudoHeader, Collect(HeaderBlockKind.Request, out _, (":method", "CONNECT"), (":authority", "h:443"), (name, "/")));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1 2")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Complete_InvalidContentLength_InvalidContentLength(string value) =>
        Assert.Equal(HeaderValidationError.InvalidContentLength, Collect(HeaderBlockKind.Request, out _, [.. Get, ("content-length", value)]));

    [Fact]
    public void Complete_RepeatedEqualContentLength_KeptOnce()
    {
        var error = Collect(HeaderBlockKind.Request, out var map, [.. Get, ("content-length", "7"), ("content-length", "7")]);

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal(1, map.CountOf("content-length"));
    }

    [Fact]
    public void Complete_ConflictingContentLength_InvalidContentLength() =>
        Assert.Equal(HeaderValidationError.InvalidContentLength, Collect(HeaderBlockKind.Request, out _, [.. Get, ("content-length", "7"), ("content-length", "8")]));

    [Fact]
    public void OnHeader_PastMaxFields_TooManyFields()
    {
        var collector = new HeaderBlockCollector(5);

        Assert.Equal(HeaderValidationError.None, Collect(collector, HeaderBlockKind.Request, out _, [.. Get, ("x", "1")]));
        Assert.Equal(HeaderValidationError.TooManyFields, Collect(collector, HeaderBlockKind.Request, out _, [.. Get, ("x", "1"), ("y", "2")]));
    }

    [Fact]
    public void Complete_Response_ParsesStatus()
    {
        var collector = new HeaderBlockCollector(100);

        var error = Collect(collector, HeaderBlockKind.Response, out var map, (":status", "404"), ("content-length", "0"));

        Assert.Equal(HeaderValidationError.None, error);
        Assert.Equal(404, collector.StatusCode);
        Assert.Equal("404", map.Get(PseudoHeaders.Status));
        Assert.Equal(0, collector.ContentLength);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("2000")]
    [InlineData("abc")]
    [InlineData("099")]
    public void Complete_InvalidStatus_InvalidStatus(string status) =>
        Assert.Equal(HeaderValidationError.InvalidStatus, Collect(HeaderBlockKind.Response, out _, (":status", status)));

    [Fact]
    public void Complete_ResponseWithoutStatus_MissingPseudoHeader() =>
        Assert.Equal(HeaderValidationError.MissingPseudoHeader, Collect(HeaderBlockKind.Response, out _, ("server", "x")));

    [Fact]
    public void Complete_ResponseWithRequestPseudo_UnexpectedPseudoHeader() =>
        Assert.Equal(HeaderValidationError.UnexpectedPseudoHeader, Collect(HeaderBlockKind.Response, out _, (":status", "200"), (":path", "/")));

    [Fact]
    public void Complete_ResponseHost_KeptAsRegularField()
    {
        Collect(HeaderBlockKind.Response, out var map, (":status", "200"), ("host", "h"));

        Assert.Equal("h", map.Get("host"));
        Assert.Null(map.Get(PseudoHeaders.Authority));
    }

    [Fact]
    public void Complete_Trailers_RegularFieldsOnly()
    {
        Assert.Equal(HeaderValidationError.None, Collect(HeaderBlockKind.Trailers, out var map, ("grpc-status", "0"), ("grpc-message", "ok")));
        Assert.Equal(2, map.Count);
        Assert.Equal(HeaderValidationError.UnexpectedPseudoHeader, Collect(HeaderBlockKind.Trailers, out _, (":status", "200")));
    }

    [Fact]
    public void Complete_AfterError_ReportsFirstError()
    {
        var error = Collect(HeaderBlockKind.Request, out _, [.. Get, ("X-Upper", "1"), ("connection", "close")]);

        Assert.Equal(HeaderValidationError.InvalidName, error);
    }

    [Theory]
    [InlineData("A-Z", false)]
    [InlineData("a-z0-9!#$%&'*+-.^_`|~", true)]
    [InlineData("a\"b", false)]
    [InlineData("a(b", false)]
    public void IsValidName_Token_LowercaseOnly(string name, bool expected) =>
        Assert.Equal(expected, HeaderBlockCollector.IsValidName(Encoding.Latin1.GetBytes(name)));

    [Fact]
    public void Complete_RepeatedValuesOnOneConnection_ReuseTheStringsAndKeepNewValues()
    {
        var collector = new HeaderBlockCollector(100);
        Collect(collector, HeaderBlockKind.Request, out var first, [.. Get, ("user-agent", "ua/1"), ("x-request-id", "1")]);
        Collect(collector, HeaderBlockKind.Request, out var second, [.. Get, ("user-agent", "ua/1"), ("x-request-id", "2")]);
        Collect(collector, HeaderBlockKind.Request, out var third, [(":method", "GET"), (":scheme", "http"), (":authority", "b.example"), (":path", "/"), ("user-agent", "ua/2"), ("x-request-id", "2")]);

        Assert.Same(first.Get(PseudoHeaders.Authority), second.Get(PseudoHeaders.Authority));
        Assert.Same(first.Get(PseudoHeaders.Path), second.Get(PseudoHeaders.Path));
        Assert.Same(first.Get("user-agent"), second.Get("user-agent"));
        Assert.Equal("1", first.Get("x-request-id"));
        Assert.Equal("2", second.Get("x-request-id"));
        Assert.Equal("b.example", third.Get(PseudoHeaders.Authority));
        Assert.Equal("ua/2", third.Get("user-agent"));
        Assert.Equal("ua/1", second.Get("user-agent"));
        Assert.Same(second.Get("x-request-id"), third.Get("x-request-id"));
    }

    [Fact]
    public void Complete_NeverIndexedValue_NotKeptForReuse()
    {
        var collector = new HeaderBlockCollector(100);
        HeaderMap Block()
        {
            collector.Begin(HeaderBlockKind.Request);
            foreach (var (name, value) in Get)
            {
                collector.OnHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value), HeaderFieldFlags.PseudoHeader);
            }

            collector.OnHeader("authorization"u8, "secret"u8, HeaderFieldFlags.NeverIndexed);
            Assert.Equal(HeaderValidationError.None, collector.Complete(out var map));
            return map;
        }

        var first = Block();
        var second = Block();

        Assert.Equal("secret", second.Get("authorization"));
        Assert.NotSame(first.Get("authorization"), second.Get("authorization"));
        Assert.Same(first.Get(PseudoHeaders.Authority), second.Get(PseudoHeaders.Authority));
    }

    [Fact]
    public void Complete_RequestAndResponseMapsComeFromThePool_TrailersDoNot()
    {
        // The pool is per thread: a thread of the test's own, so that no other test's maps are in it.
        HeaderMap? request = null, response = null, trailers = null;
        var kept = new List<int>();
        OwnThread.Run(() =>
        {
            var collector = new HeaderBlockCollector(100);
            Collect(collector, HeaderBlockKind.Request, out var first, (":method", "GET"), (":scheme", "http"), (":path", "/a"), ("x-one", "1"));
            HeaderMapPool.Return(first);
            kept.Add(HeaderMapPool.CountOnThisThread);
            Collect(collector, HeaderBlockKind.Request, out request, (":method", "GET"), (":scheme", "http"), (":path", "/b"));
            HeaderMapPool.Return(request);
            Collect(collector, HeaderBlockKind.Response, out response, (":status", "200"));
            Collect(collector, HeaderBlockKind.Trailers, out trailers, ("grpc-status", "0"));
            HeaderMapPool.Return(trailers);
            kept.Add(HeaderMapPool.CountOnThisThread);
        });

        Assert.Equal([1, 0], kept); // the trailers' map is not taken back
        Assert.Same(request, response);
        Assert.Equal("200", response!.Get(":status"));
        Assert.Equal(1, response.Count);
        Assert.Equal("0", trailers!.Get("grpc-status"));
    }
}
