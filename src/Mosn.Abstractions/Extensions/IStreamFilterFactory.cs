using System.Text.Json;
using Mosn.Abstractions.Config;
using Mosn.Abstractions.Streams;

namespace Mosn.Abstractions.Extensions;

/// <summary>Config-time half of a stream filter type, registered by <see cref="Name"/> (a listener's <c>stream_filters[].type</c>).</summary>
public interface IStreamFilterFactory
{
    /// <summary>Type name as written in config (e.g. <c>fault</c>).</summary>
    string Name { get; }

    /// <summary>Parses and validates <paramref name="config"/> once; returns null if invalid (errors in <paramref name="diagnostics"/>).</summary>
    IStreamFilterChainFactory? CreateFactory(JsonElement config, string path, ConfigDiagnostics diagnostics, IFilterFactoryContext context);
}
