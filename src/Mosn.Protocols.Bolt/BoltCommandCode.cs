namespace Mosn.Protocols.Bolt;

/// <summary>The Bolt v1 <c>cmdcode</c> field (offset 2, two bytes). Control codes start at 100.</summary>
public enum BoltCommandCode : ushort
{
    /// <summary>Heartbeat request or its answer.</summary>
    Heartbeat = 0,

    /// <summary>An RPC request.</summary>
    RpcRequest = 1,

    /// <summary>An RPC response.</summary>
    RpcResponse = 2,

    /// <summary>The sender takes no more requests on the connection.</summary>
    GoAway = 100,
}
