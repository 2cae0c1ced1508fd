using System.Net;

namespace Mosn.Abstractions.Network;

/// <summary>What a listener filter can see and change about an accepted connection.</summary>
public interface IListenerFilterCallbacks
{
    /// <summary>Peer address.</summary>
    EndPoint? RemoteAddress { get; }

    /// <summary>Local address the connection was accepted on.</summary>
    EndPoint? LocalAddress { get; }

    /// <summary>The original destination, if a filter set one (transparent proxying).</summary>
    EndPoint? OriginalDestination { get; set; }

    /// <summary>Per-connection values shared with later stages.</summary>
    IDictionary<string, object?> Items { get; }
}
