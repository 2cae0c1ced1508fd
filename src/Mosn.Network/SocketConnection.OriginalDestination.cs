using System.Net;

namespace Mosn.Network;

/// <content>The original destination of an accepted connection (transparent proxying).</content>
public sealed partial class SocketConnection
{
    /// <inheritdoc />
    /// <remarks>Set by the <see cref="SocketListener"/> that serves the connection, before its filter chain is created.</remarks>
    public EndPoint? OriginalDestination { get; internal set; }
}
