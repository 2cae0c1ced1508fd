using System.Collections.Frozen;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Router;

namespace Mosn.Router;

/// <summary>
/// All route tables by <c>router_config_name</c>, held as one immutable snapshot that updates replace atomically.
/// </summary>
/// <remarks>
/// Reads (<see cref="GetRouteTable"/>) are a single volatile read of the snapshot plus a frozen-dictionary lookup: no
/// locks, no allocation. Updates compile the new table first (outside any lock, so a bad config leaves the snapshot
/// untouched), then copy the snapshot under a writer lock and publish it with <see cref="Volatile.Write{T}(ref T, T)"/>.
/// A request should fetch its table once: a table obtained before an update keeps its behaviour for as long as the
/// caller holds it.
/// </remarks>
public sealed class RouterManager : IRouterManager
{
    private readonly Lock _writeLock = new();
    private readonly Func<int, int> _nextInt;
    private FrozenDictionary<string, IRouteTable> _tables = FrozenDictionary<string, IRouteTable>.Empty;

    /// <summary>Creates an empty manager whose weighted clusters pick with <see cref="Random.Shared"/>.</summary>
    public RouterManager()
        : this(static max => Random.Shared.Next(max))
    {
    }

    /// <summary>Creates an empty manager with a random source for weighted clusters (tests): <c>nextInt(n)</c> returns a value in [0, n) and must be thread-safe.</summary>
    internal RouterManager(Func<int, int> nextInt)
    {
        ArgumentNullException.ThrowIfNull(nextInt);
        _nextInt = nextInt;
    }

    /// <summary>The names of the installed tables (a snapshot).</summary>
    public IReadOnlyCollection<string> Names => Volatile.Read(ref _tables).Keys;

    /// <inheritdoc/>
    /// <remarks>Lock-free and allocation-free; safe from any thread.</remarks>
    public IRouteTable? GetRouteTable(string routerConfigName) =>
        Volatile.Read(ref _tables).GetValueOrDefault(routerConfigName);

    /// <summary>
    /// Compiles <paramref name="config"/> and installs it under its <c>router_config_name</c>, replacing any table of
    /// that name. Throws <see cref="ArgumentException"/> (naming the JSON path) when the config cannot be compiled; the
    /// installed tables are then unchanged. Thread-safe.
    /// </summary>
    public void AddOrUpdate(RouterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var table = RouteCompiler.Compile(config, _nextInt);
        lock (_writeLock)
        {
            var next = new Dictionary<string, IRouteTable>(_tables, StringComparer.Ordinal)
            {
                [table.Name] = table,
            };
            Volatile.Write(ref _tables, next.ToFrozenDictionary(StringComparer.Ordinal));
        }
    }

    /// <summary>Removes the table named <paramref name="routerConfigName"/>; true if it existed. Thread-safe.</summary>
    public bool Remove(string routerConfigName)
    {
        ArgumentNullException.ThrowIfNull(routerConfigName);
        lock (_writeLock)
        {
            if (!_tables.ContainsKey(routerConfigName))
            {
                return false;
            }

            var next = new Dictionary<string, IRouteTable>(_tables, StringComparer.Ordinal);
            next.Remove(routerConfigName);
            Volatile.Write(ref _tables, next.ToFrozenDictionary(StringComparer.Ordinal));
            return true;
        }
    }
}
