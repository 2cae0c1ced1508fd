namespace Mosn.Abstractions.Protocol;

/// <summary>Result of matching the first bytes of a connection against a protocol.</summary>
public enum MatchResult
{
    /// <summary>The bytes are not this protocol.</summary>
    Failed,
    /// <summary>The bytes are this protocol.</summary>
    Success,
    /// <summary>More bytes are needed to decide.</summary>
    Again,
}
