using System.Diagnostics;
using System.Net.Sockets;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>A real nginx (Debian's package) run in the foreground with a private config, as an upstream for tests.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private NginxServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string Root => Path.Combine(_dir, "www");

    public static string? FindBinary() => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public static async Task<NginxServer> StartAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "nginx is not installed: these tests use a real nginx as the upstream. Install it with `apt-get install nginx-light` (.ci/run does).");
        var dir = Directory.CreateTempSubdirectory("mosn-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "www"));
        await File.WriteAllTextAsync(Path.Combine(dir, "www", "index.html"), "hello from nginx\n");
        var port = int.Parse(Configs.RefusedAddress().Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var conf = $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/body;
              proxy_temp_path {{dir}}/proxy;
              fastcgi_temp_path {{dir}}/fastcgi;
              uwsgi_temp_path {{dir}}/uwsgi;
              scgi_temp_path {{dir}}/scgi;
              keepalive_requests 100000;
              server {
                listen 127.0.0.1:{{port}};
                root {{dir}}/www;
                location = /text { return 200 "nginx text\n"; }
                location = /post { client_max_body_size 100m; client_body_buffer_size 1m; return 200 "posted\n"; }
              }
            }
            """;
        var confPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(confPath, conf);
        var psi = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(dir);
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(confPath);
        var process = Process.Start(psi)!;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new NginxServer(process, dir, port);
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
                }

                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException("nginx did not start listening");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
