using System.Globalization;
using System.Net;

namespace BoltLoad;

/// <summary>
/// <c>BoltLoad server [port]</c>: the Bolt v1 echo backend (prints <c>LISTENING port</c>).
/// <c>BoltLoad load host:port [--connections 10] [--depth 16] [--warmup 5] [--duration 10] [--body 64] [--service S]</c>:
/// the load generator (prints one <c>RESULT</c> line).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "server")
        {
            await EchoBackend.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0, CancellationToken.None);
            return 0;
        }

        if (args.Length >= 2 && args[0] == "load")
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 2; i + 1 < args.Length; i += 2)
            {
                options[args[i].TrimStart('-')] = args[i + 1];
            }

            int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var template = BoltWire.Request(options.GetValueOrDefault("service", "com.alipay.test.EchoService:1.0"), Option("body", 64), 10_000);
            var client = new LoadClient(IPEndPoint.Parse(args[1]), Option("connections", 10), Option("depth", 16),
                TimeSpan.FromSeconds(Option("warmup", 5)), TimeSpan.FromSeconds(Option("duration", 10)), template);
            Console.WriteLine(await client.RunAsync());
            return 0;
        }

        Console.Error.WriteLine("usage: BoltLoad server [port] | BoltLoad load host:port [--connections N] [--depth D] [--warmup S] [--duration S] [--body B] [--service S]");
        return 2;
    }
}
