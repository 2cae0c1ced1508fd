using System.Globalization;
using System.Net;
using System.Text;
using Mosn.Abstractions.Streams;
using Mosn.Proxy.AccessLog;
using Mosn.Streams;

namespace Mosn.Proxy.Tests.AccessLog;

public sealed class AccessLogFormatTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 5, 7, 8, 9, 123, TimeSpan.Zero);

    private static AccessLogEntry Entry(FakeRequestInfo? info = null, bool responseHeaders = true) => new(
        info ?? new FakeRequestInfo
        {
            StartTime = Start,
            Protocol = "Http1",
            ResponseCode = 201,
            BytesReceived = 12,
            BytesSent = 3456,
            UpstreamHost = new FakeHost("10.0.0.7:8080", "backend-1", "cluster-a"),
            ResponseFlags = ResponseFlags.None,
            DownstreamRemoteAddress = IPEndPoint.Parse("192.168.1.2:50000"),
            UpstreamLocalAddress = IPEndPoint.Parse("10.0.0.1:40000"),
        },
        new HeaderMap([new(":method", "GET"), new("service", "com.example.Echo"), new("x-request-id", "abc-1")]),
        responseHeaders ? new HeaderMap([new(":status", "201"), new("content-type", "text/plain"), new("x-served-by", "b1")]) : null,
        IPEndPoint.Parse("127.0.0.1:2045"),
        TimeSpan.FromMilliseconds(1.5),
        TimeSpan.FromMilliseconds(12.25),
        TimeSpan.FromSeconds(2.5));

    private static string Render(string format, in AccessLogEntry entry)
    {
        Assert.True(AccessLogFormat.TryParse(format, out var parsed, out var error), error);
        var builder = new StringBuilder();
        parsed.Format(entry, builder);
        return builder.ToString();
    }

    [Theory]
    [InlineData("%request_received_duration%", "1.5ms")]
    [InlineData("%response_received_duration%", "12.25ms")]
    [InlineData("%request_finished_duration%", "2.5s")]
    [InlineData("%duration%", "2.5s")]
    [InlineData("%bytes_sent%", "3456")]
    [InlineData("%bytes_received%", "12")]
    [InlineData("%protocol%", "Http1")]
    [InlineData("%response_code%", "201")]
    [InlineData("%response_flag%", "-")]
    [InlineData("%response_flags%", "-")]
    [InlineData("%upstream_local_address%", "10.0.0.1:40000")]
    [InlineData("%upstream_remote_address%", "10.0.0.7:8080")]
    [InlineData("%upstream_host%", "backend-1")]
    [InlineData("%upstream_cluster%", "cluster-a")]
    [InlineData("%downstream_local_address%", "127.0.0.1:2045")]
    [InlineData("%downstream_remote_address%", "192.168.1.2:50000")]
    [InlineData("%REQ.service%", "com.example.Echo")]
    [InlineData("%REQ.X-Request-Id%", "abc-1")]
    [InlineData("%REQ.:method%", "GET")]
    [InlineData("%request_header_service%", "com.example.Echo")]
    [InlineData("%RESP.content-type%", "text/plain")]
    [InlineData("%response_header_x-served-by%", "b1")]
    [InlineData("%REQ.absent%", "-")]
    [InlineData("%RESP.absent%", "-")]
    [InlineData("%BytesSent% %ResponseCode% %UpstreamHostSelected% %DownstreamRemoteAddress%", "3456 201 backend-1 192.168.1.2:50000")]
    public void Format_Variable_WritesValue(string format, string expected)
    {
        Assert.Equal(expected, Render(format, Entry()));
    }

    [Fact]
    public void Format_StartTime_LocalTimeInMosnLayout()
    {
        var expected = Start.ToLocalTime().ToString("yyyy/MM/dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

        Assert.Equal(expected, Render("%start_time%", Entry()));
        Assert.Equal(expected, Render("%StartTime%", Entry()));
    }

    [Fact]
    public void Format_LiteralTextAndEscapedPercent_CopiedAround()
    {
        Assert.Equal("[201] 100% Http1|", Render("[%response_code%] 100\\% %protocol%|", Entry()));
    }

    [Fact]
    public void Format_NothingKnown_WritesDashes()
    {
        var info = new FakeRequestInfo { StartTime = Start };
        var entry = new AccessLogEntry(info, null, null, null, null, null, TimeSpan.Zero);

        var line = Render("%request_received_duration% %response_received_duration% %duration% %protocol% %response_code% %upstream_local_address% %upstream_remote_address% %upstream_host% %upstream_cluster% %downstream_local_address% %downstream_remote_address% %REQ.a% %RESP.b%", entry);

        Assert.Equal("- - 0s - 0 - - - - - - - -", line);
    }

    [Fact]
    public void Format_HostWithoutHostname_UpstreamHostIsAddress()
    {
        var info = new FakeRequestInfo { StartTime = Start, UpstreamHost = new FakeHost("10.0.0.7:8080", null, "c") };

        Assert.Equal("10.0.0.7:8080", Render("%upstream_host%", Entry(info)));
    }

    [Fact]
    public void Format_ResponseFlags_ShortCodesJoined()
    {
        var info = new FakeRequestInfo { StartTime = Start, ResponseFlags = ResponseFlags.UpstreamRequestTimeout | ResponseFlags.LocalReply | ResponseFlags.NoRouteFound };

        Assert.Equal("NR,UT,LOCAL", Render("%response_flags%", Entry(info)));
    }

    [Fact]
    public void Format_Ipv6AndMappedAddresses_WrittenAsIpPort()
    {
        var info = new FakeRequestInfo { StartTime = Start, DownstreamRemoteAddress = new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 5), UpstreamLocalAddress = new IPEndPoint(IPAddress.IPv6Loopback, 6) };

        Assert.Equal("10.1.2.3:5 [::1]:6", Render("%downstream_remote_address% %upstream_local_address%", Entry(info)));
    }

    [Fact]
    public void Format_ControlCharactersInHeader_Escaped()
    {
        var headers = new HeaderMap([new("x-evil", "a\nb\tc")]);
        var entry = new AccessLogEntry(new FakeRequestInfo(), headers, null, null, null, null, TimeSpan.Zero);

        Assert.Equal("a\\x0ab\\x09c", Render("%REQ.x-evil%", entry));
    }

    [Fact]
    public void TryParse_Empty_UsesMosnDefaultFormat()
    {
        Assert.True(AccessLogFormat.TryParse("", out var parsed, out _));

        Assert.Equal(14, parsed.Segments.Count(s => s.Variable != AccessLogVariable.Literal));
        Assert.Equal(AccessLogVariable.StartTime, parsed.Segments[0].Variable);
        Assert.Equal(AccessLogVariable.UpstreamHost, parsed.Segments[^1].Variable);
    }

    [Theory]
    [InlineData("%start_time% %nope%", "unknown variable \"%nope%\"")]
    [InlineData("%Start_Time%", "unknown variable \"%Start_Time%\"")]
    [InlineData("%REQ.%", "unknown variable \"%REQ.%\"")]
    [InlineData("a %% b", "empty variable")]
    [InlineData("%start_time% %protocol", "unclosed variable")]
    public void TryParse_Invalid_ReturnsError(string format, string message)
    {
        Assert.False(AccessLogFormat.TryParse(format, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
