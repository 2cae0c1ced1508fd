namespace Mosn.Protocols.XProtocol;

/// <summary>Outcome of <see cref="IXProtocolCodec.Decode(in System.Buffers.ReadOnlySequence{byte}, XProtocolOptions, out XFrame)"/>.</summary>
public enum XDecodeStatus
{
    /// <summary>The buffer holds only part of a frame (and nothing decoded so far is invalid): wait for more bytes.</summary>
    NeedMoreData,

    /// <summary>One whole frame was decoded.</summary>
    Frame,

    /// <summary>The bytes violate the protocol (bad magic, unknown type, lengths past the frame or the limit): close the connection.</summary>
    Malformed,
}
