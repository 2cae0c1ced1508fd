namespace Mosn.Abstractions.Network;

/// <summary>
/// A network (L4) filter on the read path of a connection. Read filters run in the order they were added
/// (first added, first called).
/// </summary>
/// <remarks>Callbacks run on the connection's read loop, one at a time; they must not block.</remarks>
public interface IReadFilter
{
    /// <summary>Called once, before any data, with the callbacks this filter may use for the connection's life.</summary>
    void InitializeReadFilterCallbacks(IReadFilterCallbacks callbacks);

    /// <summary>Called once when the connection starts. <see cref="FilterStatus.StopIteration"/> keeps later filters from seeing the event.</summary>
    FilterStatus OnNewConnection();

    /// <summary>
    /// Called with the buffered bytes whenever new bytes arrive (or reading resumes). The filter consumes what it
    /// handled through <see cref="ReadBuffer.Consume(long)"/>; <see cref="FilterStatus.StopIteration"/> keeps later
    /// filters from seeing this data.
    /// </summary>
    FilterStatus OnData(ReadBuffer buffer);
}
