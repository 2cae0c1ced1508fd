namespace Mosn.Abstractions.Network;

/// <summary>Result of a network (L4) or listener filter callback.</summary>
public enum FilterStatus
{
    /// <summary>Pass control to the next filter in the chain.</summary>
    Continue = 0,

    /// <summary>Stop iterating the chain. For a read filter the data it did not consume stays buffered;
    /// for a listener filter the accepted connection is rejected and closed.</summary>
    StopIteration = 1,
}
