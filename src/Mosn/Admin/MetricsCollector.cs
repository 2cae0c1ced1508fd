using System.Diagnostics.Metrics;
using System.Globalization;

namespace Mosn.Admin;

/// <summary>
/// Reads the observable instruments of one <see cref="Meter"/> on demand (a scrape), through a <see cref="MeterListener"/>
/// that listens to that meter only. Only <see cref="long"/> and <see cref="int"/> measurements are collected.
/// </summary>
/// <remarks>Thread-safe: concurrent <see cref="Collect"/> calls are serialized. Dispose to stop listening.</remarks>
internal sealed class MetricsCollector : IDisposable
{
    private readonly Lock _lock = new();
    private readonly MeterListener _listener = new();
    private readonly Meter _meter;
    private readonly List<Instrument> _instruments = [];
    private Dictionary<Instrument, MetricFamily>? _collecting;

    /// <summary>Starts listening to <paramref name="meter"/>'s instruments, present and future.</summary>
    public MetricsCollector(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_lock)
                {
                    _instruments.Add(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_lock)
            {
                _instruments.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Observes every instrument now and returns their values, in the order the instruments were created.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_lock)
        {
            _collecting = new Dictionary<Instrument, MetricFamily>(_instruments.Count);
            var families = new List<MetricFamily>(_instruments.Count);
            foreach (var instrument in _instruments)
            {
                var family = new MetricFamily(instrument.Name, instrument.Description, instrument.Unit, IsCounter(instrument));
                _collecting[instrument] = family;
                families.Add(family);
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            finally
            {
                _collecting = null;
            }

            return families;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static bool IsCounter(Instrument instrument) =>
        instrument is ObservableCounter<long> or ObservableCounter<int> or Counter<long> or Counter<int>;

    // Called synchronously from RecordObservableInstruments, under _lock; measurements of non-observable instruments
    // outside a collection are ignored (the server only publishes observable ones).
    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_collecting is null || !_collecting.TryGetValue(instrument, out var family))
        {
            return;
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        family.Points.Add(new MetricPoint(labels, value));
    }
}
