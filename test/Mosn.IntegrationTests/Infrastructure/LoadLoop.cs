using System.Collections.Concurrent;

namespace Mosn.IntegrationTests.Infrastructure;

/// <summary>
/// Steady HTTP/1.1 load for reload and upgrade tests: <c>workers</c> keep-alive clients each sending GET requests back
/// to back until stopped, counting successes by response body and keeping every failure's description.
/// </summary>
public sealed class LoadLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly ConcurrentDictionary<string, int> _bodies = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _succeeded;

    private LoadLoop()
    {
    }

    /// <summary>Requests answered 200.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Every failed request: status, exception.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Successful responses by body.</summary>
    public IReadOnlyDictionary<string, int> Bodies => _bodies;

    /// <summary>Starts <paramref name="workers"/> clients sending to <paramref name="url"/> (the function is read per request, so the target may move).</summary>
    /// <param name="url">The target, read per request.</param>
    /// <param name="workers">Concurrent clients.</param>
    /// <param name="version">HTTP version (1.1 default; 2.0 for h2c with prior knowledge).</param>
    /// <param name="newConnectionEachRequest">Send <c>Connection: close</c>: every request opens a new connection (counts refused connections).</param>
    public static LoadLoop Start(Func<Uri> url, int workers = 4, Version? version = null, bool newConnectionEachRequest = false)
    {
        var loop = new LoadLoop();
        for (var i = 0; i < workers; i++)
        {
            loop._workers.Add(Task.Run(() => loop.RunAsync(url, version ?? System.Net.HttpVersion.Version11, newConnectionEachRequest)));
        }

        return loop;
    }

    /// <summary>Waits until at least <paramref name="count"/> more requests succeeded (or 30 s passed).</summary>
    public async Task WaitForMoreAsync(int count)
    {
        var target = Succeeded + count;
        var deadline = Environment.TickCount64 + 30_000;
        while (Succeeded < target && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Stops the clients and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    /// <summary>Counts the body seen by the next successful request (resets the tally).</summary>
    public void ResetBodies() => _bodies.Clear();

    private async Task RunAsync(Func<Uri> url, Version version, bool close)
    {
        using var client = Clients.Create(TimeSpan.FromSeconds(20));
        client.DefaultRequestVersion = version;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url()) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                if (close)
                {
                    request.Headers.ConnectionClose = true;
                }

                using var response = await client.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _succeeded);
                    _bodies.AddOrUpdate(body, 1, static (_, n) => n + 1);
                }
                else
                {
                    _failures.Enqueue($"{(int)response.StatusCode} {body}");
                }
            }
            catch (Exception ex)
            {
                _failures.Enqueue(ex.ToString());
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
