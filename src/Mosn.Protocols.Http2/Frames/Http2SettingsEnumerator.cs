namespace Mosn.Protocols.Http2.Frames;

/// <summary>
/// Enumerates the parameters of a received SETTINGS frame in wire order, skipping identifiers
/// <see cref="Http2SettingsParameter"/> does not name (RFC 9113 §6.5.2: unknown settings are ignored). The values were
/// validated by <see cref="Http2FrameReader"/>; a parameter may repeat, and the last occurrence wins (§6.5.3).
/// Borrows the frame payload: use it only while the frame's buffer is valid.
/// </summary>
internal ref struct Http2SettingsEnumerator
{
    private SequenceReader<byte> _reader;

    /// <summary>Starts before the first parameter of <paramref name="payload"/> (a multiple of 6 octets).</summary>
    public Http2SettingsEnumerator(ReadOnlySequence<byte> payload)
    {
        _reader = new SequenceReader<byte>(payload);
        Current = default;
    }

    /// <summary>The current parameter; valid after <see cref="MoveNext"/> returned true.</summary>
    public Http2Setting Current { get; private set; }

    /// <summary>Returns this enumerator, so it can be used in <c>foreach</c>.</summary>
    public readonly Http2SettingsEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next known parameter; false at the end of the payload.</summary>
    public bool MoveNext()
    {
        while (_reader.TryReadBigEndian(out short id) && _reader.TryReadBigEndian(out int value))
        {
            var parameter = (Http2SettingsParameter)(ushort)id;
            if (IsKnown(parameter))
            {
                Current = new Http2Setting(parameter, (uint)value);
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="parameter"/> is one this implementation understands.</summary>
    public static bool IsKnown(Http2SettingsParameter parameter) => parameter switch
    {
        >= Http2SettingsParameter.HeaderTableSize and <= Http2SettingsParameter.MaxHeaderListSize => true,
        Http2SettingsParameter.EnableConnectProtocol or Http2SettingsParameter.NoRfc7540Priorities => true,
        _ => false,
    };
}
