namespace Mosn.Network.Tests;

/// <summary><see cref="SocketConnectionTests"/> with connections on .NET's socket engine (other systems, or <c>MOSN_SOCKET_ENGINE=dotnet</c>).</summary>
public sealed class SocketConnectionOnDotNetEngineTests : SocketConnectionTests
{
    /// <inheritdoc />
    protected override bool UseEventLoop => false;
}
