using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Mosn.Admin;

/// <summary>
/// The process log level, changeable at run time (the admin API's <c>update_loglevel</c>). Install it on a logging
/// builder with <see cref="Apply"/>: the logger factory then re-reads its minimum level when <see cref="Level"/> changes,
/// so a log call pays nothing more than with a fixed level.
/// </summary>
/// <remarks>Thread-safe: any thread may read or set <see cref="Level"/>; loggers see a change once the factory has refreshed its filters (synchronously, during the set).</remarks>
public sealed class LogLevelSwitch : IOptionsChangeTokenSource<LoggerFilterOptions>
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _changed = new();
    private volatile int _level;

    /// <summary>Creates a switch at <paramref name="initial"/>.</summary>
    public LogLevelSwitch(LogLevel initial) => _level = (int)initial;

    /// <summary>The minimum level logged. Setting it refreshes every logger factory the switch is applied to.</summary>
    public LogLevel Level
    {
        get => (LogLevel)_level;
        set
        {
            CancellationTokenSource previous;
            lock (_lock)
            {
                if ((int)value == _level)
                {
                    return;
                }

                _level = (int)value;
                previous = _changed;
                _changed = new CancellationTokenSource();
            }

            previous.Cancel();
            previous.Dispose();
        }
    }

    /// <inheritdoc />
    string IOptionsChangeTokenSource<LoggerFilterOptions>.Name => Options.DefaultName;

    /// <inheritdoc />
    IChangeToken IOptionsChangeTokenSource<LoggerFilterOptions>.GetChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Makes <paramref name="builder"/>'s minimum level follow this switch. Call it after any other minimum-level setting.</summary>
    public ILoggingBuilder Apply(ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(this);
        builder.Services.Configure<LoggerFilterOptions>(o => o.MinLevel = Level);
        return builder;
    }
}
