namespace Mosn.Abstractions.Config;

/// <summary>The HTTP/1.1 active health check of a cluster (<c>health_check.check_config.http_check_config</c>).</summary>
public sealed record HttpCheckConfig
{
    /// <summary>Request path (<c>path</c>); <c>"/"</c> when not set.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Request method (<c>method</c>).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The <c>Host</c> header (<c>domain</c>); null: the host's address.</summary>
    public string? Domain { get; init; }

    /// <summary>Statuses that mean healthy (<c>codes</c>); MOSN's default is 200 only.</summary>
    public IReadOnlyList<StatusCodeRange> Codes { get; init; } = [new StatusCodeRange(200, 201)];

    /// <summary>Timeout of one HTTP check (<c>timeout</c>); null: the health check's <c>timeout</c>. The shorter one applies.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Port to check on the host's IP (<c>port</c>); 0: the host's own port.</summary>
    public int Port { get; init; }
}
