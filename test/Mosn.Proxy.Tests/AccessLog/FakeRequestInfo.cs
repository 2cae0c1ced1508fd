using System.Net;
using Mosn.Abstractions.Streams;
using Mosn.Abstractions.Upstream;

namespace Mosn.Proxy.Tests.AccessLog;

/// <summary>Settable request facts for formatter tests.</summary>
internal sealed class FakeRequestInfo : IRequestInfo
{
    public DateTimeOffset StartTime { get; set; }

    public string Protocol { get; set; } = "";

    public int ResponseCode { get; set; }

    public long BytesReceived { get; set; }

    public long BytesSent { get; set; }

    public IHost? UpstreamHost { get; set; }

    public ResponseFlags ResponseFlags { get; set; }

    public EndPoint? DownstreamRemoteAddress { get; set; }

    public EndPoint? DownstreamLocalAddress { get; set; }

    public EndPoint? UpstreamLocalAddress { get; set; }
}
