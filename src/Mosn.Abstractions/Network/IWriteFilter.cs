using System.Buffers;

namespace Mosn.Abstractions.Network;

/// <summary>
/// A network (L4) filter on the write path. Write filters run in the reverse order they were added (last added, first called),
/// as in Envoy, so that a chain added as [a, b] wraps the data as a(b(data)) on the way out.
/// </summary>
public interface IWriteFilter
{
    /// <summary>
    /// Called with bytes about to be written. The filter may inspect them; it returns
    /// <see cref="FilterStatus.StopIteration"/> to drop them (nothing is sent).
    /// The bytes are valid only during the call.
    /// </summary>
    FilterStatus OnWrite(ReadOnlySequence<byte> data);
}
