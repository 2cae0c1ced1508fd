using System.Net.Sockets;
using System.Text;

namespace Mosn.Hosting.Upgrade;

/// <summary>
/// The hot-upgrade conversation on the upgrade socket (a Unix stream socket), in UTF-8 lines:
/// <code>
/// new → old   MOSN-UPGRADE/1 &lt;pid&gt;
/// old → new   LISTENERS &lt;n&gt; &lt;pid&gt;            (with n descriptors attached, SCM_RIGHTS)
///             &lt;kind&gt;\t&lt;name&gt;\t&lt;address&gt;     (n lines, in descriptor order)
/// new → old   READY                            (its listeners accept on the sockets; or it closes: aborted)
/// old → new   DRAINING                         (the old process stopped accepting and released the upgrade socket)
/// </code>
/// </summary>
internal static class UpgradeWire
{
    /// <summary>The request's first word.</summary>
    public const string Hello = "MOSN-UPGRADE/1";

    /// <summary>The listener list's first word.</summary>
    public const string Listeners = "LISTENERS";

    /// <summary>The new process is serving.</summary>
    public const string Ready = "READY";

    /// <summary>The old process has let go.</summary>
    public const string Draining = "DRAINING";

    /// <summary>Longest line accepted.</summary>
    public const int MaxLine = 4096;

    /// <summary>Writes one line.</summary>
    public static async Task WriteLineAsync(Socket socket, string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
        }
    }

    /// <summary>
    /// Reads one line (without the newline), byte by byte so nothing past it is consumed (descriptors may follow).
    /// Returns null when the peer closed first. Throws <see cref="InvalidDataException"/> past <see cref="MaxLine"/>.
    /// </summary>
    public static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxLine];
        var length = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(length, 1), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return null;
            }

            if (buffer[length] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            if (++length == buffer.Length)
            {
                throw new InvalidDataException("upgrade socket: line too long");
            }
        }
    }
}
