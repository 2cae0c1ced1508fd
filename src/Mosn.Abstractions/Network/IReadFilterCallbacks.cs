namespace Mosn.Abstractions.Network;

/// <summary>What a read filter may do with its connection.</summary>
public interface IReadFilterCallbacks
{
    /// <summary>The connection the filter is installed on.</summary>
    IConnection Connection { get; }

    /// <summary>Presents the buffered bytes to the filters after this one again (used after a filter that stopped iteration is ready to continue).</summary>
    void ContinueReading();
}
