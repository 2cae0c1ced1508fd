using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Net;
using System.Net.Sockets;

namespace BoltLoad;

/// <summary>
/// Drives one Bolt v1 target: <c>connections</c> connections, each keeping <c>depth</c> requests outstanding (a new one
/// goes out for each answer, batched per read). Counts answers and their latency inside the measuring window that
/// follows the warm-up.
/// </summary>
internal sealed class LoadClient(IPEndPoint target, int connections, int depth, TimeSpan warmup, TimeSpan duration, byte[] template)
{
    private long _measureStart;
    private long _measureEnd;

    public async Task<string> RunAsync()
    {
        var now = Stopwatch.GetTimestamp();
        _measureStart = now + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        _measureEnd = _measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var cancel = new CancellationTokenSource(warmup + duration + TimeSpan.FromSeconds(15));
        var runs = Enumerable.Range(0, connections).Select(_ => Task.Run(() => RunConnectionAsync(cancel.Token))).ToArray();
        var results = await Task.WhenAll(runs);

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        var errors = results.Sum(r => r.Errors);
        var failed = results.Count(r => r.Failed);
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))] / 1000.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT requests={latencies.Length} rps={latencies.Length / duration.TotalSeconds:F0} p50_ms={Percentile(0.50):F3} p99_ms={Percentile(0.99):F3} errors={errors} failed_connections={failed}");
    }

    private async Task<ConnectionResult> RunConnectionAsync(CancellationToken cancel)
    {
        var result = new ConnectionResult();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var ringSize = (int)BitOperations.RoundUpToPowerOf2((uint)(4 * depth));
        var sentAt = new long[ringSize];
        var output = new byte[template.Length * depth];
        var input = new byte[Math.Max(64 * 1024, 4 * template.Length * depth)];
        var filled = 0;
        uint nextId = 1;
        var outstanding = 0;
        try
        {
            await socket.ConnectAsync(target, cancel);
            await SendAsync(depth);
            while (outstanding > 0)
            {
                var read = await socket.ReceiveAsync(input.AsMemory(filled), SocketFlags.None, cancel);
                if (read == 0)
                {
                    result.Failed = true;
                    break;
                }

                filled += read;
                var offset = 0;
                var answered = 0;
                var now = Stopwatch.GetTimestamp();
                while (true)
                {
                    var length = BoltWire.FrameLength(input.AsSpan(offset, filled - offset));
                    if (length < 0)
                    {
                        result.Failed = true;
                        return result;
                    }

                    if (length == 0 || filled - offset < length)
                    {
                        break;
                    }

                    var frame = input.AsSpan(offset, length);
                    if (BoltWire.ResponseStatus(frame) != 0)
                    {
                        result.Errors++;
                    }

                    if (now >= _measureStart && now < _measureEnd)
                    {
                        var ticks = now - sentAt[BoltWire.RequestId(frame) & (ringSize - 1)];
                        result.Latencies.Add((int)Math.Min(int.MaxValue, ticks * 1_000_000 / Stopwatch.Frequency));
                    }

                    offset += length;
                    answered++;
                }

                outstanding -= answered;
                input.AsSpan(offset, filled - offset).CopyTo(input);
                filled -= offset;
                if (answered > 0 && now < _measureEnd)
                {
                    await SendAsync(answered);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            result.Failed = true;
        }

        return result;

        async Task SendAsync(int count)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var slot = output.AsSpan(i * template.Length, template.Length);
                template.CopyTo(slot);
                BinaryPrimitives.WriteUInt32BigEndian(slot[BoltWire.RequestIdOffset..], nextId);
                sentAt[nextId & (uint)(ringSize - 1)] = now;
                nextId = nextId == uint.MaxValue ? 1 : nextId + 1;
            }

            outstanding += count;
            await socket.SendAsync(output.AsMemory(0, count * template.Length), SocketFlags.None, cancel);
        }
    }

    private sealed class ConnectionResult
    {
        public List<int> Latencies { get; } = new(1 << 16);

        public long Errors { get; set; }

        public bool Failed { get; set; }
    }
}
