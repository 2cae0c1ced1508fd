namespace Mosn.Protocols.Bolt;

/// <summary>The Bolt v1 response status (offset 10 of a response, two bytes), as SOFABolt defines it.</summary>
public enum BoltResponseStatus : ushort
{
    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>An error was caught.</summary>
    Error = 1,

    /// <summary>The server threw while processing.</summary>
    ServerException = 2,

    /// <summary>Unknown failure.</summary>
    Unknown = 3,

    /// <summary>The server's thread pool is busy.</summary>
    ServerThreadpoolBusy = 4,

    /// <summary>Communication error.</summary>
    ErrorComm = 5,

    /// <summary>No processor for the request.</summary>
    NoProcessor = 6,

    /// <summary>Timed out.</summary>
    Timeout = 7,

    /// <summary>The client failed to send.</summary>
    ClientSendError = 8,

    /// <summary>Encoding or decoding failed.</summary>
    CodecException = 9,

    /// <summary>The connection closed.</summary>
    ConnectionClosed = 0x10,

    /// <summary>The server failed to serialize.</summary>
    ServerSerialException = 0x11,

    /// <summary>The server failed to deserialize.</summary>
    ServerDeserialException = 0x12,
}
