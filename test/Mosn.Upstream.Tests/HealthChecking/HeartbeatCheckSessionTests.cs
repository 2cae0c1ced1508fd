using System.Buffers;
using System.Net;
using Mosn.Abstractions.Network;
using Mosn.Upstream.HealthChecking;
using Mosn.Upstream.Tests.Fakes;

namespace Mosn.Upstream.Tests.HealthChecking;

public sealed class HeartbeatCheckSessionTests : IDisposable
{
    private static readonly IPEndPoint Host = new(IPAddress.Loopback, 12200);
    private readonly FakeConnectionFactory _factory = new();
    private readonly HeartbeatCheckSession _session;

    public HeartbeatCheckSessionTests() =>
        _session = new HeartbeatCheckSession(_factory, Host, new FakeHeartbeatProtocol(), TimeSpan.FromSeconds(1));

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task CheckAsync_SuccessfulAnswer_IsHealthyAndKeepsTheConnection()
    {
        var first = _session.CheckAsync(CancellationToken.None).AsTask();
        var connection = Answer('A');
        Assert.True(await first);

        var second = _session.CheckAsync(CancellationToken.None).AsTask();
        Answer('A');
        Assert.True(await second);

        Assert.Equal(1, _factory.ConnectCount);
        Assert.Equal(ConnectionState.Active, connection.State);
        Assert.Equal([1UL, 2UL], FakeHeartbeatProtocol.HeartbeatIds(connection.Writes));
    }

    [Fact]
    public async Task CheckAsync_FailedAnswer_IsUnhealthyAndReconnectsNextTime()
    {
        var check = _session.CheckAsync(CancellationToken.None).AsTask();
        var connection = Answer('F');

        Assert.False(await check);
        Assert.Equal(ConnectionState.Closed, connection.State);
        var next = _session.CheckAsync(CancellationToken.None).AsTask();
        Answer('A');
        Assert.True(await next);
        Assert.Equal(2, _factory.ConnectCount);
    }

    [Fact]
    public async Task CheckAsync_OtherFramesAndStaleAnswers_AreSkipped()
    {
        var check = _session.CheckAsync(CancellationToken.None).AsTask();
        Assert.True(_factory.Connections.TryPeek(out var connection));
        var id = FakeHeartbeatProtocol.HeartbeatIds(connection.Writes).Single();

        connection.Deliver(new ReadOnlySequence<byte>([.. FakeHeartbeatProtocol.Frame('R', id), .. FakeHeartbeatProtocol.Frame('F', id + 7)]));
        Assert.False(check.IsCompleted);
        connection.Deliver(new ReadOnlySequence<byte>(FakeHeartbeatProtocol.Frame('A', id)));

        Assert.True(await check);
    }

    [Fact]
    public async Task CheckAsync_NoAnswerBeforeTimeout_IsUnhealthyAndClosesTheConnection()
    {
        using var timeout = new CancellationTokenSource();
        var check = _session.CheckAsync(timeout.Token).AsTask();
        await timeout.CancelAsync();

        Assert.False(await check);
        Assert.True(_factory.Connections.TryPeek(out var connection));
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task CheckAsync_ConnectionClosedByHost_IsUnhealthy()
    {
        var check = _session.CheckAsync(CancellationToken.None).AsTask();
        Assert.True(_factory.Connections.TryPeek(out var connection));

        connection.CloseFromRemote();

        Assert.False(await check);
    }

    [Fact]
    public async Task CheckAsync_MalformedBytes_IsUnhealthy()
    {
        var check = _session.CheckAsync(CancellationToken.None).AsTask();
        Assert.True(_factory.Connections.TryPeek(out var connection));

        connection.Deliver(new ReadOnlySequence<byte>(FakeHeartbeatProtocol.Frame('?', 1)));

        Assert.False(await check);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task CheckAsync_ConnectRefused_IsUnhealthy()
    {
        _factory.Failure = ConnectionEvent.ConnectFailed;

        Assert.False(await _session.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_KeptConnection_ClosesItAndLaterChecksFail()
    {
        var check = _session.CheckAsync(CancellationToken.None).AsTask();
        var connection = Answer('A');
        Assert.True(await check);

        _session.Dispose();

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.False(await _session.CheckAsync(CancellationToken.None));
        Assert.Equal(1, _factory.ConnectCount);
    }

    /// <summary>Answers the last heartbeat written on the session's newest connection with a frame of <paramref name="kind"/>.</summary>
    private FakeConnection Answer(char kind)
    {
        var connection = _factory.Connections.Last();
        var id = FakeHeartbeatProtocol.HeartbeatIds(connection.Writes).Last();
        connection.Deliver(new ReadOnlySequence<byte>(FakeHeartbeatProtocol.Frame(kind, id)));
        return connection;
    }
}
