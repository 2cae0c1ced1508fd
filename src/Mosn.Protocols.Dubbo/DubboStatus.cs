namespace Mosn.Protocols.Dubbo;

/// <summary>The Dubbo response status byte (offset 3 of a response header), as Dubbo defines it.</summary>
public enum DubboStatus : byte
{
    /// <summary>Success.</summary>
    Ok = 20,

    /// <summary>The client gave up waiting.</summary>
    ClientTimeout = 30,

    /// <summary>The server gave up processing in time.</summary>
    ServerTimeout = 31,

    /// <summary>The request could not be decoded or was refused.</summary>
    BadRequest = 40,

    /// <summary>The response could not be encoded or decoded.</summary>
    BadResponse = 50,

    /// <summary>No such service or method.</summary>
    ServiceNotFound = 60,

    /// <summary>The service failed.</summary>
    ServiceError = 70,

    /// <summary>The server failed.</summary>
    ServerError = 80,

    /// <summary>The client failed.</summary>
    ClientError = 90,

    /// <summary>The server's thread pool is exhausted.</summary>
    ServerThreadpoolExhausted = 100,
}
