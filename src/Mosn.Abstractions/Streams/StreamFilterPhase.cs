namespace Mosn.Abstractions.Streams;

/// <summary>Where in the proxy's processing a stream filter runs (MOSN's filter phases).</summary>
public enum StreamFilterPhase
{
    /// <summary>Receiver: request headers decoded, before route matching.</summary>
    BeforeRoute,
    /// <summary>Receiver: after a route was chosen, before a host is chosen.</summary>
    AfterRoute,
    /// <summary>Receiver: after the upstream host was chosen, before the request is sent.</summary>
    AfterChooseHost,
    /// <summary>Sender: response headers received, before they are sent downstream.</summary>
    BeforeSend,
}
