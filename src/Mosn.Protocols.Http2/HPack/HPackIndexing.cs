namespace Mosn.Protocols.Http2.HPack;

/// <summary>How <see cref="HPackEncoder"/> represents one header field (RFC 7541 §6.2).</summary>
internal enum HPackIndexing
{
    /// <summary>Let the encoder's policy decide (see <see cref="HPackEncoder"/> remarks).</summary>
    Auto = 0,

    /// <summary>Literal with incremental indexing: the field is added to the dynamic table (§6.2.1).</summary>
    Incremental,

    /// <summary>Literal without indexing: the dynamic table is left alone (§6.2.2).</summary>
    WithoutIndexing,

    /// <summary>Literal never indexed: no table entry here nor at any later hop (§6.2.3), for secrets.</summary>
    NeverIndexed,
}
