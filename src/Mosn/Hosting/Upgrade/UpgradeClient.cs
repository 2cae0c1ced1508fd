using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Mosn.Network;
using Mosn.Network.Unix;

namespace Mosn.Hosting.Upgrade;

/// <summary>
/// The new process's side of a hot upgrade (see <see cref="UpgradeWire"/>): asks the process listening on the upgrade
/// socket for its listening sockets, then tells it when this process serves on them.
/// </summary>
/// <remarks>Disposing before <see cref="CompleteAsync"/> aborts the upgrade (the old process keeps serving) and closes the received sockets not yet adopted.</remarks>
internal sealed partial class UpgradeClient : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly ILogger _logger;

    private UpgradeClient(Socket socket, string oldPid, IReadOnlyList<HandoverSocket> sockets, ILogger logger)
    {
        _socket = socket;
        OldPid = oldPid;
        Sockets = sockets;
        _logger = logger;
    }

    /// <summary>The old process's id.</summary>
    public string OldPid { get; }

    /// <summary>The sockets received. Each one not adopted by a listener must be disposed by the caller.</summary>
    public IReadOnlyList<HandoverSocket> Sockets { get; }

    /// <summary>
    /// Connects to the upgrade socket at <paramref name="path"/>. Returns null when no process listens there (a stale
    /// file left by a crash is removed); otherwise the old process's sockets. Throws <see cref="IOException"/> when a
    /// process listens but the exchange fails (the caller should not start: the addresses are taken).
    /// </summary>
    public static async Task<UpgradeClient?> TryConnectAsync(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            socket.Dispose();
            if (SocketListener.RemoveStaleUnixSocket(path))
            {
                Log.StaleRemoved(logger, path);
            }

            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await UpgradeWire.WriteLineAsync(socket, $"{UpgradeWire.Hello} {Environment.ProcessId}", timeout.Token);
            var buffer = new byte[64 * 1024];
            var (length, descriptors) = await Task.Run(() =>
            {
                var n = DescriptorPassing.Receive(socket, buffer, out var fds, ReplyTimeout);
                return (n, fds);
            });
            var sockets = new List<HandoverSocket>();
            try
            {
                // The rest of the list, if it did not come in one read.
                while (length > 0 && CountLines(buffer.AsSpan(0, length)) < 1 + ExpectedCount(buffer.AsSpan(0, length)))
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    length += n;
                }

                var lines = Encoding.UTF8.GetString(buffer, 0, length).Split('\n');
                var header = lines[0].Split(' ');
                if (header.Length != 3 || header[0] != UpgradeWire.Listeners
                    || !int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    || count != descriptors.Length || lines.Length < count + 1)
                {
                    throw new IOException($"upgrade socket {path}: unexpected reply \"{lines[0]}\" with {descriptors.Length} descriptors");
                }

                for (var i = 0; i < count; i++)
                {
                    var fields = lines[i + 1].Split('\t');
                    if (fields.Length != 3)
                    {
                        throw new IOException($"upgrade socket {path}: bad listener line \"{lines[i + 1]}\"");
                    }

                    sockets.Add(new HandoverSocket(fields[0], fields[1], fields[2], new Socket(new SafeSocketHandle(descriptors[i], ownsHandle: true))));
                }

                Log.Received(logger, count, header[2]);
                return new UpgradeClient(socket, header[2], sockets, logger);
            }
            catch
            {
                foreach (var fd in descriptors.Skip(sockets.Count))
                {
                    DescriptorPassing.CloseDescriptor(fd);
                }

                foreach (var s in sockets)
                {
                    s.Socket.Dispose();
                }

                throw;
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or InvalidDataException)
        {
            socket.Dispose();
            throw new IOException($"upgrade socket {path}: a process listens there but the upgrade failed: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Tells the old process this one serves, and waits (up to 10 s) until it stopped accepting and let go of the upgrade
    /// socket. Returns false when it did not confirm in time (it may have crashed; this process serves anyway).
    /// </summary>
    public async Task<bool> CompleteAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await UpgradeWire.WriteLineAsync(_socket, UpgradeWire.Ready, timeout.Token);
            var reply = await UpgradeWire.ReadLineAsync(_socket, timeout.Token);
            if (reply == UpgradeWire.Draining)
            {
                Log.OldDraining(_logger, OldPid);
                return true;
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or InvalidDataException)
        {
        }

        Log.NoConfirmation(_logger, OldPid);
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private static int CountLines(ReadOnlySpan<byte> data) => data.Count((byte)'\n');

    private static int ExpectedCount(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)'\n');
        if (end < 0)
        {
            return int.MaxValue - 1;
        }

        var header = Encoding.UTF8.GetString(data[..end]).Split(' ');
        return header.Length == 3 && int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= DescriptorPassing.MaxDescriptors ? n : 0;
    }

    private static partial class Log
    {
        [LoggerMessage(3111, LogLevel.Warning, "Hot upgrade: removed stale upgrade socket {Path} (left by a crashed process); starting normally")]
        public static partial void StaleRemoved(ILogger logger, string path);

        [LoggerMessage(3112, LogLevel.Information, "Hot upgrade: received {Count} listening sockets from running process {Pid}")]
        public static partial void Received(ILogger logger, int count, string pid);

        [LoggerMessage(3113, LogLevel.Information, "Hot upgrade: process {Pid} stopped accepting and drains; this process serves alone")]
        public static partial void OldDraining(ILogger logger, string pid);

        [LoggerMessage(3114, LogLevel.Warning, "Hot upgrade: process {Pid} did not confirm it stopped accepting; serving anyway")]
        public static partial void NoConfirmation(ILogger logger, string pid);
    }
}
