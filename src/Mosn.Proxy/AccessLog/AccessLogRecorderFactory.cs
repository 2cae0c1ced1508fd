using Mosn.Abstractions.Config;
using Mosn.Abstractions.Streams;

namespace Mosn.Proxy.AccessLog;

/// <summary>
/// A listener's access logs (<c>access_logs</c>), built once at config time. As a stream filter factory it installs an
/// <see cref="AccessLogRecorder"/> on every stream; disposing it releases the outputs (flushing and closing the last
/// user's). Thread-safe.
/// </summary>
internal sealed class AccessLogRecorderFactory : IStreamFilterChainFactory, IAsyncDisposable
{
    public AccessLogRecorderFactory(IReadOnlyList<ListenerAccessLog> logs, TimeProvider timeProvider)
    {
        Logs = logs;
        TimeProvider = timeProvider;
    }

    /// <summary>The logs every stream writes to.</summary>
    public IReadOnlyList<ListenerAccessLog> Logs { get; }

    /// <summary>The clock durations are measured with.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Builds the access logs of <paramref name="listener"/>: parses each format and opens each output. Returns null
    /// when the listener has none, or when one is invalid (reported to <paramref name="diagnostics"/> with its JSON
    /// path, and whatever was opened is released).
    /// </summary>
    public static AccessLogRecorderFactory? Create(ListenerConfig listener, TimeProvider timeProvider, ConfigDiagnostics diagnostics)
    {
        if (listener.AccessLogs.Count == 0)
        {
            return null;
        }

        var listenerPath = string.IsNullOrEmpty(listener.JsonPath) ? $"listener \"{listener.Name}\"" : listener.JsonPath;
        var formats = new AccessLogFormat?[listener.AccessLogs.Count];
        var valid = true;
        for (var i = 0; i < listener.AccessLogs.Count; i++)
        {
            var config = listener.AccessLogs[i];
            var path = $"{listenerPath}.access_logs[{i}]";
            if (string.IsNullOrEmpty(config.LogPath))
            {
                diagnostics.AddError($"{path}.log_path", "required: a file path, \"stdout\" or \"stderr\"");
                valid = false;
            }

            if (AccessLogFormat.TryParse(config.LogFormat, out var format, out var error))
            {
                formats[i] = format;
            }
            else
            {
                diagnostics.AddError($"{path}.log_format", error);
                valid = false;
            }
        }

        if (!valid)
        {
            return null;
        }

        var logs = new List<ListenerAccessLog>(formats.Length);
        for (var i = 0; i < formats.Length; i++)
        {
            var writer = AccessLogWriters.Acquire(listener.AccessLogs[i].LogPath!, out var error);
            if (writer is null)
            {
                diagnostics.AddError($"{listenerPath}.access_logs[{i}].log_path", error ?? "cannot open");
                foreach (var opened in logs)
                {
                    // Nothing was logged yet: releasing only closes the files we opened.
                    opened.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                return null;
            }

            logs.Add(new ListenerAccessLog(formats[i]!, writer, shared: true));
        }

        return new AccessLogRecorderFactory(logs, timeProvider);
    }

    public void CreateFilterChain(IStreamFilterChainBuilder builder)
    {
        var recorder = new AccessLogRecorder(this);
        builder.AddReceiverFilter(recorder, StreamFilterPhase.BeforeRoute);
        builder.AddReceiverFilter(recorder, StreamFilterPhase.AfterChooseHost);
        builder.AddSenderFilter(recorder);
    }

    /// <summary>Releases every output (the last user of each flushes and closes it).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var log in Logs)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
