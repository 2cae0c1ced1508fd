namespace Mosn.Protocols.Bolt;

/// <summary>The Bolt v1 <c>type</c> byte (offset 1).</summary>
public enum BoltCommandType : byte
{
    /// <summary>A response.</summary>
    Response = 0,

    /// <summary>A request that expects a response.</summary>
    Request = 1,

    /// <summary>A request that gets no response.</summary>
    OneWayRequest = 2,
}
