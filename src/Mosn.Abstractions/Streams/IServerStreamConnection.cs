namespace Mosn.Abstractions.Streams;

/// <summary>The server (downstream) side of a stream connection: decodes requests, encodes responses.</summary>
public interface IServerStreamConnection : IStreamConnection
{
}
