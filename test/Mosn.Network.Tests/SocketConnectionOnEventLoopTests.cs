namespace Mosn.Network.Tests;

/// <summary><see cref="SocketConnectionTests"/> with connections on the process's epoll loops (the default on Linux).</summary>
public sealed class SocketConnectionOnEventLoopTests : SocketConnectionTests
{
    /// <inheritdoc />
    protected override bool UseEventLoop => true;
}
