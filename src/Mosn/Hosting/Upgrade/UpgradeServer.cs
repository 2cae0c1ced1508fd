using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Mosn.Network;
using Mosn.Network.Unix;

namespace Mosn.Hosting.Upgrade;

/// <summary>
/// The running process's side of a hot upgrade: listens on the upgrade socket; when a new process asks (see
/// <see cref="UpgradeWire"/>), passes it every listening socket, and once the new process says it serves on them,
/// releases the upgrade socket and calls <c>onTakenOver</c> (the caller stops accepting, drains and exits).
/// </summary>
/// <remarks>
/// One conversation at a time. A new process that closes or times out before READY aborts the upgrade: this process
/// goes on serving as if nothing happened. Bad requests are logged and dropped. Never throws out of its loop.
/// </remarks>
internal sealed partial class UpgradeServer : IAsyncDisposable
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _path;
    private readonly Func<IReadOnlyList<HandoverSocket>> _sockets;
    private readonly Func<Task> _onTakenOver;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _loop;

    private UpgradeServer(string path, Func<IReadOnlyList<HandoverSocket>> sockets, Func<Task> onTakenOver, ILogger logger)
    {
        _path = path;
        _sockets = sockets;
        _onTakenOver = onTakenOver;
        _logger = logger;
    }

    /// <summary>The upgrade socket's path.</summary>
    public string Path => _path;

    /// <summary>
    /// Binds <paramref name="path"/> (removing a stale file left by a crashed process) and starts answering. Throws
    /// <see cref="SocketException"/>/<see cref="IOException"/> when the path cannot be bound (e.g. another live process
    /// listens there).
    /// </summary>
    public static UpgradeServer Start(string path, Func<IReadOnlyList<HandoverSocket>> sockets, Func<Task> onTakenOver, ILogger logger)
    {
        var server = new UpgradeServer(path, sockets, onTakenOver, logger);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        SocketListener.RemoveStaleUnixSocket(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(4);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        server._listener = listener;
        server._loop = server.AcceptLoopAsync(listener);
        Log.Listening(logger, path);
        return server;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(_logger, ex.SocketErrorCode);
                await Task.Delay(100);
                continue;
            }

            using (client)
            {
                try
                {
                    if (await ConverseAsync(client))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or OperationCanceledException)
                {
                    Log.Aborted(_logger, ex.Message);
                }
            }
        }
    }

    /// <summary>One upgrade conversation; true when the new process took over.</summary>
    private async Task<bool> ConverseAsync(Socket client)
    {
        using var helloTimeout = new CancellationTokenSource(HelloTimeout);
        var hello = await UpgradeWire.ReadLineAsync(client, helloTimeout.Token);
        if (hello is null || !hello.StartsWith(UpgradeWire.Hello + " ", StringComparison.Ordinal))
        {
            Log.BadRequest(_logger, hello ?? "(closed)");
            return false;
        }

        var newPid = hello[(UpgradeWire.Hello.Length + 1)..];
        var sockets = _sockets();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{UpgradeWire.Listeners} {sockets.Count} {Environment.ProcessId}\n");
        foreach (var s in sockets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.Kind}\t{s.Name}\t{s.Address}\n");
        }

        var descriptors = sockets.Select(s => (int)s.Socket.SafeHandle.DangerousGetHandle()).ToArray();
        var payload = Encoding.UTF8.GetBytes(text.ToString());
        await Task.Run(() => DescriptorPassing.Send(client, payload, descriptors, HelloTimeout));
        Log.Offered(_logger, sockets.Count, newPid);

        using var readyTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        readyTimeout.CancelAfter(ReadyTimeout);
        var ready = await UpgradeWire.ReadLineAsync(client, readyTimeout.Token);
        if (ready != UpgradeWire.Ready)
        {
            Log.Aborted(_logger, ready is null ? "the new process closed the upgrade socket before it was ready" : $"unexpected \"{ready}\"");
            return false;
        }

        // Let go of the path first (disposing the socket this process bound removes the file), so the new process
        // can bind its own upgrade socket there as soon as it reads DRAINING.
        _listener?.Dispose();
        _listener = null;
        await UpgradeWire.WriteLineAsync(client, UpgradeWire.Draining, CancellationToken.None);
        Log.TakenOver(_logger, newPid);
        _ = Task.Run(_onTakenOver);
        return true;
    }

    /// <summary>Stops answering and removes the upgrade socket file (if this process still holds it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Dispose();
        _listener = null;
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Information, "Hot upgrade: listening for a new process on {Path}")]
        public static partial void Listening(ILogger logger, string path);

        [LoggerMessage(3102, LogLevel.Warning, "Hot upgrade: accept on the upgrade socket failed: {Error}")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(3103, LogLevel.Warning, "Hot upgrade: ignored a request that is not an upgrade: \"{Line}\"")]
        public static partial void BadRequest(ILogger logger, string line);

        [LoggerMessage(3104, LogLevel.Information, "Hot upgrade: passed {Count} listening sockets to process {Pid}; waiting for it to serve")]
        public static partial void Offered(ILogger logger, int count, string pid);

        [LoggerMessage(3105, LogLevel.Warning, "Hot upgrade aborted, this process keeps serving: {Reason}")]
        public static partial void Aborted(ILogger logger, string reason);

        [LoggerMessage(3106, LogLevel.Information, "Hot upgrade: process {Pid} serves on our sockets; stop accepting and drain")]
        public static partial void TakenOver(ILogger logger, string pid);
    }
}
