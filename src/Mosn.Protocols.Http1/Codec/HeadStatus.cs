namespace Mosn.Protocols.Http1.Codec;

/// <summary>Outcome of parsing a message head.</summary>
internal enum HeadStatus
{
    /// <summary>The head is incomplete; the lines parsed so far were consumed.</summary>
    NeedMore,
    /// <summary>The head is complete and valid.</summary>
    Complete,
    /// <summary>The head is invalid; see the decoder's error.</summary>
    Error,
}
