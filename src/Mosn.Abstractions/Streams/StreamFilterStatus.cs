namespace Mosn.Abstractions.Streams;

/// <summary>Result of a stream (L7) filter callback (MOSN's StreamFilterStatus).</summary>
public enum StreamFilterStatus
{
    /// <summary>Go on with the next filter.</summary>
    Continue,
    /// <summary>Pause the chain; the filter resumes it later through its handler's <c>Continue…</c> method, or replies itself.</summary>
    Stop,
    /// <summary>The filter ended the stream (it sent a reply or reset); no later stage runs.</summary>
    Termination,
}
