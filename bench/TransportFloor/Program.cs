using System.Globalization;
using System.Net;
using System.Net.Sockets;

// Usage: TransportFloor LISTEN_PORT BACKEND_PORT [epoll]
// Each accepted connection gets its own backend connection; two loops copy bytes each way with Socket.ReceiveAsync /
// SendAsync on one buffer per direction. No pipes, no parsing, no pooling: the least a .NET proxy does per message.
// With "epoll": the same forwarding on one thread with our own level-triggered epoll loop (EpollForwarder).
if (args.Length is not (2 or 3) || (args.Length == 3 && args[2] != "epoll"))
{
    Console.Error.WriteLine("usage: TransportFloor LISTEN_PORT BACKEND_PORT [epoll]");
    return 2;
}

var backend = new IPEndPoint(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture));
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, int.Parse(args[0], CultureInfo.InvariantCulture)));
listener.Listen(1024);
if (args.Length == 3)
{
    TransportFloor.EpollForwarder.Run(listener, backend);
}

while (true)
{
    var client = await listener.AcceptAsync();
    _ = ServeAsync(client, backend);
}

static async Task ServeAsync(Socket client, IPEndPoint backend)
{
    client.NoDelay = true;
    using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    try
    {
        await upstream.ConnectAsync(backend);
        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
    }
    catch (SocketException)
    {
        // Backend down: drop the client.
    }
    finally
    {
        client.Dispose();
    }
}

static async Task PumpAsync(Socket from, Socket to)
{
    var buffer = new byte[16384];
    try
    {
        while (true)
        {
            var n = await from.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                return;
            }

            for (var sent = 0; sent < n;)
            {
                sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None);
            }
        }
    }
    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
    {
        // The other direction ended the exchange.
    }
}
