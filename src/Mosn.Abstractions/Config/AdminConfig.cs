using System.Text.Json;

namespace Mosn.Abstractions.Config;

/// <summary><c>admin</c>: the admin API address.</summary>
public sealed record AdminConfig
{
    /// <summary>IP (<c>address.socket_address.address</c>).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Port (<c>address.socket_address.port_value</c>).</summary>
    public int Port { get; init; } = 34901;
}
