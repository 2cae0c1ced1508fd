using System.Buffers;
using Mosn.Network.Unix;

namespace Mosn.Network;

/// <summary>
/// The arrays of <see cref="SendBuffer"/>: <see cref="ArrayPool{T}.Shared"/>, with a cache of <see cref="SendBuffer.ChunkSize"/>
/// arrays on each event-loop thread in front of it.
/// </summary>
/// <remarks>
/// A loop pass writes to every connection that had work in it and flushes them all at its end, so one pass can hold a
/// chunk per connection at once: a hundred or more under load. The shared pool keeps only a few dozen arrays of a size
/// per processor and drops what it cannot keep, so such a pass allocated (and later collected) most of its 16 KiB
/// chunks anew: about 7 KB per proxied request with 50 HTTP/1.1 connections, against under 1 KB with one. The loop's
/// own cache keeps up to <see cref="MaxCachedPerLoop"/> chunks (4 MiB) for the next pass. Arrays of other sizes, and
/// chunks returned on other threads, go to the shared pool.
/// </remarks>
internal static class SendChunkPool
{
    /// <summary>The most chunks one loop thread keeps.</summary>
    internal const int MaxCachedPerLoop = 256;

    [ThreadStatic]
    private static Stack<byte[]>? t_chunks;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, and at least <see cref="SendBuffer.ChunkSize"/>.</summary>
    public static byte[] Rent(int minimumLength)
    {
        if (minimumLength <= SendBuffer.ChunkSize && t_chunks is { Count: > 0 } chunks)
        {
            return chunks.Pop();
        }

        return ArrayPool<byte>.Shared.Rent(Math.Max(minimumLength, SendBuffer.ChunkSize));
    }

    /// <summary>Gives back an array from <see cref="Rent"/>; the caller must not touch it afterwards.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length == SendBuffer.ChunkSize && EpollLoop.Current is not null)
        {
            var chunks = t_chunks ??= new Stack<byte[]>();
            if (chunks.Count < MaxCachedPerLoop)
            {
                chunks.Push(array);
                return;
            }
        }

        ArrayPool<byte>.Shared.Return(array);
    }
}
