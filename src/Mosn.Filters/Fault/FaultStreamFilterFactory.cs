using System.Text.Json;
using System.Text.RegularExpressions;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Extensions;
using Mosn.Abstractions.Streams;
using Mosn.Filters.Parsing;

namespace Mosn.Filters.Fault;

/// <summary>
/// The <c>fault</c> stream filter (MOSN's <c>pkg/filter/stream/faultinject</c>): delays and/or aborts a share of the
/// requests, for resilience testing. Works for every protocol (RPC protocols map the abort status to their own code).
/// </summary>
/// <remarks>
/// <para>Config keys (MOSN's <c>StreamFaultInject</c>):</para>
/// <list type="bullet">
/// <item><c>delay</c>: <c>{"fixed_delay": "1s", "percentage": 50}</c>: hold that share of requests for the duration
/// (a Go duration, or integer nanoseconds).</item>
/// <item><c>abort</c>: <c>{"status": 503, "percentage": 10}</c>: answer that share of requests with the status (200-599).</item>
/// <item><c>upstream_cluster</c>: only requests whose route selects this cluster.</item>
/// <item><c>headers</c>: <c>[{"name", "value", "regex"}]</c>: only requests matching all of them.</item>
/// </list>
/// <para>Percentages are whole numbers from 0 to 100, as in MOSN (a <c>uint32</c> compared with a draw of 0-99). When both
/// trigger, the delay comes first, then the abort. The filter runs after routing (MOSN's <c>AfterRoute</c> phase).
/// Thread-safe (stateless).</para>
/// </remarks>
public sealed class FaultStreamFilterFactory : IStreamFilterFactory
{
    /// <summary>The type name in config.</summary>
    public const string TypeName = "fault";

    // Header values come from clients: bound the time a configured pattern may spend on one of them.
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Random _random;

    /// <summary>Creates the factory; percentages are drawn from <see cref="Random.Shared"/>.</summary>
    public FaultStreamFilterFactory()
        : this(Random.Shared)
    {
    }

    /// <summary>Creates the factory with a chosen random source (tests: a seeded one, used from one thread).</summary>
    internal FaultStreamFilterFactory(Random random) => _random = random;

    /// <inheritdoc />
    public string Name => TypeName;

    /// <inheritdoc />
    public IStreamFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context)
    {
        var errorsBefore = diagnostics.Errors.Count;
        var reader = ConfigObjectReader.Open(config, path, diagnostics);
        if (reader is null)
        {
            return null;
        }

        TimeSpan fixedDelay = default;
        var delayPercent = 0;
        if (reader.GetObject("delay") is { } delay)
        {
            fixedDelay = delay.GetDuration("fixed_delay") ?? TimeSpan.Zero;
            delayPercent = (int)(delay.GetInteger("percentage", 0, 100) ?? 0);
            if (!delay.TryGet("fixed_delay", out _))
            {
                diagnostics.AddError(delay.PathOf("fixed_delay"), "required when 'delay' is set");
            }

            delay.WarnUnknownKeys();
        }

        var abortStatus = 0;
        var abortPercent = 0;
        if (reader.GetObject("abort") is { } abort)
        {
            abortStatus = (int)(abort.GetInteger("status", 200, 599) ?? 0);
            abortPercent = (int)(abort.GetInteger("percentage", 0, 100) ?? 0);
            if (!abort.TryGet("status", out _))
            {
                diagnostics.AddError(abort.PathOf("status"), "required when 'abort' is set (an HTTP status, 200-599)");
            }

            abort.WarnUnknownKeys();
        }

        var upstreamCluster = reader.GetString("upstream_cluster");
        var headers = ParseHeaders(reader);
        reader.WarnUnknownKeys();

        if (diagnostics.Errors.Count > errorsBefore)
        {
            return null;
        }

        var parsed = new FaultConfig
        {
            FixedDelay = fixedDelay,
            DelayPercent = delayPercent,
            AbortStatus = abortStatus,
            AbortPercent = abortPercent,
            UpstreamCluster = string.IsNullOrEmpty(upstreamCluster) ? null : upstreamCluster,
            Headers = headers,
        };
        if (!parsed.CanDelay && !parsed.CanAbort)
        {
            diagnostics.AddWarning(path, "injects nothing: no delay with a duration and percentage above 0, no abort with a percentage above 0");
        }

        return new FaultStreamFilterChainFactory(parsed, context.TimeProvider, _random);
    }

    private static List<FaultHeaderMatcher> ParseHeaders(ConfigObjectReader reader)
    {
        var matchers = new List<FaultHeaderMatcher>();
        foreach (var (item, itemPath) in reader.GetArray("headers"))
        {
            var header = ConfigObjectReader.Open(item, itemPath, reader.Diagnostics);
            if (header is null)
            {
                continue;
            }

            var name = header.GetString("name");
            var value = header.GetString("value") ?? "";
            var isRegex = header.GetBool("regex", false);
            header.WarnUnknownKeys();
            if (string.IsNullOrEmpty(name))
            {
                reader.Diagnostics.AddError(header.PathOf("name"), "required");
                continue;
            }

            Regex? pattern = null;
            if (isRegex)
            {
                try
                {
                    pattern = new Regex(value, RegexOptions.CultureInvariant, s_regexTimeout);
                }
                catch (ArgumentException ex)
                {
                    reader.Diagnostics.AddError(header.PathOf("value"), $"invalid regular expression: {ex.Message}");
                    continue;
                }
            }

            matchers.Add(new FaultHeaderMatcher(name, value, pattern));
        }

        return matchers;
    }
}
