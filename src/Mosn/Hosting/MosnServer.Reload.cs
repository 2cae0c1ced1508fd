using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Network;
using Mosn.Network;

namespace Mosn.Hosting;

/// <content>Live reload: a new configuration applied to the running server as new snapshots.</content>
public sealed partial class MosnServer
{
    private readonly List<Task> _retiring = [];

    /// <summary>The configuration file the server was started from (null: the embedded default), for <see cref="ReloadFromFileAsync"/>.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>
    /// Reads <see cref="ConfigPath"/> again and applies it with <see cref="ReloadAsync"/> (SIGHUP and the admin API's
    /// <c>POST /api/v1/reload</c>). A file that cannot be read or parsed is rejected like an invalid one.
    /// </summary>
    public async Task<ReloadResult> ReloadFromFileAsync()
    {
        if (ConfigPath is null)
        {
            var diagnostics = new ConfigDiagnostics();
            diagnostics.AddError("", "the server runs the embedded default configuration: there is no file to reload");
            Log.ReloadRejected(_logger, 1, diagnostics.Errors[0].ToString());
            return new ReloadResult(false, diagnostics, []);
        }

        var (loaded, text) = MosnApplication.LoadWithText(ConfigPath);
        if (loaded.Config is null)
        {
            Log.ReloadRejected(_logger, loaded.Diagnostics.Errors.Count, string.Join("; ", loaded.Diagnostics.Errors));
            return new ReloadResult(false, loaded.Diagnostics, []);
        }

        var result = await ReloadAsync(loaded.Config, text);
        foreach (var warning in loaded.Diagnostics.Warnings)
        {
            result.Diagnostics.AddWarning(warning.Path, warning.Message);
        }

        return result;
    }

    /// <summary>
    /// Applies <paramref name="next"/> to the running server (live reload). The whole configuration is validated first,
    /// exactly as at start-up; if anything is wrong it is rejected as a whole (<see cref="ReloadResult.Applied"/> false,
    /// the errors with their JSON paths) and the running configuration keeps serving untouched. Otherwise, in this order:
    /// <list type="number">
    /// <item>clusters added or changed are swapped in as new snapshots (requests in flight keep theirs; pools of hosts
    /// that stay are kept), route tables added or changed likewise;</item>
    /// <item>listeners: a new one is bound and started; an unchanged one is not touched; a changed one on the same address
    /// keeps its socket and gives new connections the new filter chain, while its earlier connections drain (HTTP/1
    /// closes after the in-flight response, HTTP/2 and RPC get GOAWAY) and are closed after the drain timeout; one that
    /// moved address or was removed stops accepting and drains the same way;</item>
    /// <item>route tables and clusters no longer configured are removed (a removed cluster's pools drain).</item>
    /// </list>
    /// Unchanged parts are recognised by their JSON text (<paramref name="json"/> against the running one's). A listener
    /// that cannot be bound is reported in the diagnostics; the rest of the change stays applied. The admin section is
    /// not reloaded (a warning says so). Reloads are serialized; thread-safe.
    /// </summary>
    public async Task<ReloadResult> ReloadAsync(MosnConfig next, string? json)
    {
        ArgumentNullException.ThrowIfNull(next);
        var diagnostics = new ConfigDiagnostics();
        await _reloadLock.WaitAsync();
        try
        {
            if (_stopped == 1)
            {
                diagnostics.AddError("", "the server is stopping");
                return new ReloadResult(false, diagnostics, []);
            }

            // 1. Validate the whole file by building it aside (nothing bound, nothing served).
            var probe = TryCreate(next, _registry, NullLoggerFactory.Instance, _timeProvider, diagnostics, _resolver);
            if (probe is null)
            {
                Log.ReloadRejected(_logger, diagnostics.Errors.Count, string.Join("; ", diagnostics.Errors));
                return new ReloadResult(false, diagnostics, []);
            }

            await probe.DisposeAsync();
            var changes = new List<string>();
            using var before = new ConfigSections(_configJson);
            using var after = new ConfigSections(json);
            var previous = _config;
            if (!Equals(previous.Admin, next.Admin))
            {
                diagnostics.AddWarning("admin", "admin API changes are not applied by a reload (restart or hot-upgrade)");
            }

            // 2. Clusters and route tables added or changed.
            var oldClusters = previous.ClusterManager.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var cluster in next.ClusterManager.Clusters)
            {
                if (oldClusters.TryGetValue(cluster.Name, out var old) && ConfigSections.Same(before.Get(old.JsonPath), after.Get(cluster.JsonPath)))
                {
                    continue;
                }

                _clusterManager.AddOrUpdateCluster(cluster);
                changes.Add($"cluster \"{cluster.Name}\" {(old is null ? "added" : "updated")}");
            }

            var oldRouters = previous.Servers.SelectMany(s => s.Routers).ToDictionary(r => r.RouterConfigName, StringComparer.Ordinal);
            var newRouters = next.Servers.SelectMany(s => s.Routers).ToList();
            foreach (var router in newRouters)
            {
                if (oldRouters.TryGetValue(router.RouterConfigName, out var old) && ConfigSections.Same(before.Get(old.JsonPath), after.Get(router.JsonPath)))
                {
                    continue;
                }

                RouterManager.AddOrUpdate(router);
                changes.Add($"router \"{router.RouterConfigName}\" {(old is null ? "added" : "updated")}");
            }

            // 3. Listeners.
            await ReloadListenersAsync(next, before, after, diagnostics, changes);
            WarmUpPools(next); // clusters and listeners added or changed: preconnect now (pools that exist are kept)

            // 4. What is gone.
            var newClusterNames = next.ClusterManager.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in oldClusters.Keys.Where(n => !newClusterNames.Contains(n)))
            {
                _clusterManager.RemoveCluster(name);
                changes.Add($"cluster \"{name}\" removed");
            }

            var newRouterNames = newRouters.Select(r => r.RouterConfigName).ToHashSet(StringComparer.Ordinal);
            foreach (var name in oldRouters.Keys.Where(n => !newRouterNames.Contains(n)))
            {
                RouterManager.Remove(name);
                changes.Add($"router \"{name}\" removed");
            }

            _config = next;
            _configJson = json;
            Log.Reloaded(_logger, changes.Count == 0 ? "nothing changed" : string.Join("; ", changes));
            return new ReloadResult(true, diagnostics, changes);
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private async Task ReloadListenersAsync(MosnConfig next, ConfigSections before, ConfigSections after, ConfigDiagnostics diagnostics, List<string> changes)
    {
        var current = _listeners.ToDictionary(e => e.Listener.Name, StringComparer.Ordinal);
        var result = new List<ListenerEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (config, path) in ListenersOf(next, bindPort: true))
        {
            seen.Add(config.Name);
            current.TryGetValue(config.Name, out var existing);
            if (KeepOrBuild(config, path, existing, before, after, diagnostics, result) is not { } built)
            {
                continue;
            }

            if (existing is not null && Equals(existing.Listener.CurrentOptions.EndPoint, built.Listener.CurrentOptions.EndPoint))
            {
                // Same address: keep the socket, new connections get the new chain, the earlier ones drain.
                var generation = existing.Listener.Update(built.Listener.CurrentOptions);
                await built.Listener.DisposeAsync();
                Retire(existing.Chain, generation.Connections, generation.IsEmpty, null);
                result.Add(new ListenerEntry(existing.Listener, built.Chain, existing.Traffic, config));
                changes.Add($"listener \"{config.Name}\" updated");
                continue;
            }

            try
            {
                await built.Listener.StartAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                diagnostics.AddError($"{path}.address", $"listener \"{config.Name}\": cannot bind: {ex.Message}");
                await built.Listener.DisposeAsync();
                await DisposeFactoriesAsync(built.Chain);
                if (existing is not null)
                {
                    result.Add(existing);
                }

                continue;
            }

            result.Add(built);
            if (existing is not null)
            {
                await existing.Listener.StopAcceptingAsync();
                Retire(existing.Chain, existing.Listener.ActiveConnections, false, existing.Listener);
                changes.Add($"listener \"{config.Name}\" moved to {built.Listener.BoundAddress}");
            }
            else
            {
                changes.Add($"listener \"{config.Name}\" added on {built.Listener.BoundAddress}");
            }
        }

        foreach (var (name, entry) in current)
        {
            if (!seen.Contains(name))
            {
                await entry.Listener.StopAcceptingAsync();
                Retire(entry.Chain, entry.Listener.ActiveConnections, false, entry.Listener);
                changes.Add($"listener \"{name}\" removed");
            }
        }

        _listeners = [.. result];
        ReloadUnboundListeners(next, before, after, diagnostics, changes);
    }

    /// <summary>The listeners of <paramref name="next"/> with the given <c>bind_port</c>, with their JSON paths.</summary>
    private static IEnumerable<(ListenerConfig Config, string Path)> ListenersOf(MosnConfig next, bool bindPort)
    {
        var servers = next.Servers;
        for (var s = 0; s < servers.Count; s++)
        {
            for (var l = 0; l < servers[s].Listeners.Count; l++)
            {
                var config = servers[s].Listeners[l];
                if (config.BindPort == bindPort)
                {
                    yield return (config, string.IsNullOrEmpty(config.JsonPath) ? $"servers[{s}].listeners[{l}]" : config.JsonPath);
                }
            }
        }
    }

    /// <summary>
    /// A new, not yet started entry for <paramref name="config"/> when its section changed (or it is new). Null when the
    /// running <paramref name="existing"/> stays: its section is unchanged, or the build failed (validated a moment ago,
    /// so only a race with the file system, e.g. an access log path); the entry that stays is added to
    /// <paramref name="result"/>.
    /// </summary>
    private ListenerEntry? KeepOrBuild(ListenerConfig config, string path, ListenerEntry? existing, ConfigSections before, ConfigSections after, ConfigDiagnostics diagnostics, List<ListenerEntry> result)
    {
        if (existing is not null && ConfigSections.Same(before.Get(existing.Config.JsonPath), after.Get(config.JsonPath)))
        {
            result.Add(existing with { Config = config });
            return null;
        }

        var built = BuildListener(config, path, _registry, _clusterManager, _connectionFactory, RouterManager, _loggerFactory, _timeProvider, diagnostics, HandOffTargets, existing?.Traffic);
        if (built is null && existing is not null)
        {
            result.Add(existing);
        }

        return built;
    }

    /// <summary>
    /// Applies the listeners with <c>bind_port: false</c> (served only through original-destination hand-off): unchanged
    /// ones are kept, new ones start receiving hand-offs, changed ones are replaced (new hand-offs get the new chain, the
    /// earlier connections drain), removed ones drain.
    /// </summary>
    private void ReloadUnboundListeners(MosnConfig next, ConfigSections before, ConfigSections after, ConfigDiagnostics diagnostics, List<string> changes)
    {
        var current = _unbound.ToDictionary(e => e.Listener.Name, StringComparer.Ordinal);
        var result = new List<ListenerEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (config, path) in ListenersOf(next, bindPort: false))
        {
            seen.Add(config.Name);
            current.TryGetValue(config.Name, out var existing);
            if (KeepOrBuild(config, path, existing, before, after, diagnostics, result) is not { } built)
            {
                continue;
            }

            result.Add(built);
            if (existing is not null)
            {
                Retire(existing.Chain, existing.Listener.ActiveConnections, false, existing.Listener);
                changes.Add($"listener \"{config.Name}\" (not bound) updated");
            }
            else
            {
                changes.Add($"listener \"{config.Name}\" (not bound) added for {config.Address}");
            }
        }

        foreach (var (name, entry) in current)
        {
            if (!seen.Contains(name))
            {
                Retire(entry.Chain, entry.Listener.ActiveConnections, false, entry.Listener);
                changes.Add($"listener \"{name}\" (not bound) removed");
            }
        }

        // Hand-offs look the targets up at each accepted connection: from now on they find the new set.
        _unbound = [.. result];
    }

    /// <summary>
    /// Drains connections that belong to a replaced filter chain, in the background: GOAWAY / close after the in-flight
    /// response, then whatever is left is closed after the drain timeout; then the chain's factories are disposed (access
    /// logs flushed) and, for a listener that was removed or moved, the listener itself.
    /// </summary>
    private void Retire(IReadOnlyList<IFilterChainFactory> chain, IReadOnlyCollection<IConnection> connections, bool noConnections, SocketListener? listener)
    {
        var timeout = DrainTimeout;
        var task = Task.Run(async () =>
        {
            BeginDrain(chain);
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            var graceEnd = Environment.TickCount64 + (long)Math.Min(DrainGrace.TotalMilliseconds, timeout.TotalMilliseconds);
            while (!noConnections && Environment.TickCount64 < deadline
                && (ActiveRequests(chain) > 0 || (connections.Count > 0 && Environment.TickCount64 < graceEnd)))
            {
                await Task.Delay(50);
            }

            var cut = ActiveRequests(chain);
            var closing = new List<Task>();
            foreach (var connection in connections)
            {
                connection.Close(cut > 0 ? ConnectionCloseType.NoFlush : ConnectionCloseType.FlushWrite, ConnectionEvent.OnShutdown);
                closing.Add(connection.Completion);
            }

            await Task.WhenAll(closing).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }

            await DisposeFactoriesAsync(chain);
        });
        lock (_retiring)
        {
            _retiring.RemoveAll(t => t.IsCompleted);
            _retiring.Add(task);
        }
    }

    private async Task WaitForRetiredAsync()
    {
        Task[] tasks;
        lock (_retiring)
        {
            tasks = [.. _retiring];
        }

        await Task.WhenAll(tasks).WaitAsync(DrainTimeout + TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
    }
}
