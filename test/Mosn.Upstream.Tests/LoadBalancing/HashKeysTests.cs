using System.Net;
using System.Net.Sockets;
using Mosn.Abstractions.Config;
using Mosn.Streams;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class HashKeysTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.10"), 40000);

    private static HashPolicyConfig Header(string name) => new() { Type = HashPolicyType.Header, Name = name };

    private static HashPolicyConfig Cookie(string name) => new() { Type = HashPolicyType.Cookie, Name = name };

    private static readonly HashPolicyConfig SourceIp = new() { Type = HashPolicyType.SourceIp };

    private static HeaderMap Headers(params (string Name, string Value)[] headers) =>
        new(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));

    [Fact]
    public void Compute_HeaderPolicy_HashesTheHeaderValue()
    {
        var headers = Headers(("x-user", "alice"));

        Assert.Equal(HashKeys.OfString("alice"), HashKeys.Compute([Header("x-user")], headers, Client));
    }

    [Fact]
    public void Compute_HeaderAbsent_NextPolicyOrNone()
    {
        var headers = Headers(("other", "1"));

        Assert.Null(HashKeys.Compute([Header("x-user")], headers, Client));
        Assert.Equal(HashKeys.OfAddress(Client), HashKeys.Compute([Header("x-user"), SourceIp], headers, Client));
    }

    [Theory]
    [InlineData("session=abc")]
    [InlineData("a=1; session=abc")]
    [InlineData("a=1;session=abc ; b=2")]
    public void Compute_CookiePolicy_HashesTheCookieValue(string cookieHeader)
    {
        var headers = Headers(("cookie", cookieHeader));

        Assert.Equal(HashKeys.OfString("abc"), HashKeys.Compute([Cookie("session")], headers, Client));
    }

    [Theory]
    [InlineData("sessionx=abc")]
    [InlineData("xsession=abc")]
    [InlineData("a=1")]
    public void Compute_CookieAbsent_NoKey(string cookieHeader)
    {
        Assert.Null(HashKeys.Compute([Cookie("session")], Headers(("cookie", cookieHeader)), Client));
    }

    [Fact]
    public void Compute_NoPolicy_SourceIpAsInMosn()
    {
        Assert.Equal(HashKeys.OfAddress(Client), HashKeys.Compute([], Headers(), Client));
        Assert.Null(HashKeys.Compute([], Headers(), new UnixDomainSocketEndPoint("/tmp/x.sock")));
    }

    [Fact]
    public void OfAddress_SameIpOtherPortOrIpv4Mapped_SameKey()
    {
        var key = HashKeys.OfAddress(Client);

        Assert.Equal(key, HashKeys.OfAddress(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 1)));
        Assert.Equal(key, HashKeys.OfAddress(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.10"), 2)));
        Assert.NotEqual(key, HashKeys.OfAddress(new IPEndPoint(IPAddress.Parse("192.0.2.11"), 40000)));
    }

    [Fact]
    public void OfString_SameValue_SameKeyEveryTimeAndLongValuesToo()
    {
        var longValue = new string('x', 5000);

        Assert.Equal(HashKeys.OfString("value"), HashKeys.OfString("value"));
        Assert.Equal(HashKeys.OfString(longValue), HashKeys.OfString(longValue));
        Assert.NotEqual(HashKeys.OfString(longValue), HashKeys.OfString(longValue.AsSpan(0, 4999)));
        // Stable across processes: XXH64 of the UTF-8 bytes, no per-process seed.
        Assert.Equal(0x44BC2CF5AD770999UL, HashKeys.OfString("abc"));
    }

    [Fact]
    public void Compute_HeaderPolicy_DoesNotAllocate()
    {
        var headers = Headers(("x-user", "alice"), ("cookie", "a=1; session=abc"));
        HashPolicyConfig[] policies = [Cookie("session")];

        Assert.Equal(0, Picks.AllocatedBy(() => HashKeys.Compute(policies, headers, Client)));
    }
}
