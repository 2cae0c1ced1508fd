using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

/// <summary>Collects decoded fields as Latin-1 strings, with their flags.</summary>
internal sealed class HeaderCollector : IHeaderBlockHandler
{
    public List<(string Name, string Value, HeaderFieldFlags Flags)> Fields { get; } = [];

    public List<(string Name, string Value)> Pairs => Fields.Select(f => (f.Name, f.Value)).ToList();

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HeaderFieldFlags flags) =>
        Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value), flags));
}
