namespace Mosn.Protocols.Http2.Frames;

/// <summary>One SETTINGS parameter (RFC 9113 §6.5.1): a 16-bit identifier and a 32-bit value.</summary>
/// <param name="Parameter">The identifier.</param>
/// <param name="Value">The value, unsigned 32 bits as on the wire.</param>
internal readonly record struct Http2Setting(Http2SettingsParameter Parameter, uint Value);
