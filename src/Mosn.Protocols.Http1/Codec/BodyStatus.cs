namespace Mosn.Protocols.Http1.Codec;

/// <summary>Outcome of one <see cref="Http1BodyDecoder.Read"/> call.</summary>
internal enum BodyStatus
{
    /// <summary>Nothing decodable yet.</summary>
    NeedMore,
    /// <summary>A body chunk was decoded; <see cref="Http1BodyDecoder.IsComplete"/> tells whether it was the last.</summary>
    Data,
    /// <summary>The body ended without data in this call (last chunk and trailers, or end of input).</summary>
    Done,
    /// <summary>The body is malformed; see <see cref="Http1BodyDecoder.Error"/>.</summary>
    Error,
}
