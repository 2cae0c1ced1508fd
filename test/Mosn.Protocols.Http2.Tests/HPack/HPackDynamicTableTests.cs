using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HPackDynamicTableTests
{
    [Fact]
    public void Add_BeyondMaxSize_EvictsOldestFirst()
    {
        var table = new HPackDynamicTable(100);

        table.Add("a"u8, "1234567890"u8); // 43
        table.Add("b"u8, "1234567890"u8); // 43 -> 86
        table.Add("c"u8, "12"u8); // 35 -> would be 121: evict "a"

        RfcExamples.AssertTable(table, 78, [("c", "12"), ("b", "1234567890")]);
    }

    [Fact]
    public void Add_EntryLargerThanMaxSize_EmptiesTable()
    {
        var table = new HPackDynamicTable(100);
        table.Add("a"u8, "b"u8);

        table.Add("long"u8, new byte[69]); // 4 + 69 + 32 = 105 > 100

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Size);
    }

    [Fact]
    public void Add_EntryExactlyMaxSize_Fits()
    {
        var table = new HPackDynamicTable(100);
        table.Add("a"u8, "b"u8);

        table.Add("long"u8, new byte[64]); // 4 + 64 + 32 = 100

        Assert.Equal(1, table.Count);
        Assert.Equal(100, table.Size);
    }

    [Fact]
    public void SetMaxSize_Smaller_EvictsUntilFits()
    {
        var table = new HPackDynamicTable(4096);
        table.Add("blake"u8, "eats pizza"u8); // 47
        table.Add("foo"u8, "bar"u8); // 38

        table.SetMaxSize(48);

        RfcExamples.AssertTable(table, 38, [("foo", "bar")]);
        table.SetMaxSize(0);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Add_NameOfEntryItEvicts_KeepsName()
    {
        // RFC 7541 §4.4: the new entry's name may reference the entry that its addition evicts.
        var table = new HPackDynamicTable(60);
        table.Add("some-name"u8, "value"u8); // 46

        table.Add(table.GetName(0), "other"u8);

        RfcExamples.AssertTable(table, 46, [("some-name", "other")]);
    }

    [Fact]
    public void Add_ThousandsOfEntries_MatchesReferenceModel()
    {
        var random = new Random(42);
        var table = new HPackDynamicTable(1024);
        var model = new List<(string Name, string Value)>(); // newest first
        for (var i = 0; i < 5000; i++)
        {
            if (i % 997 == 0)
            {
                var newMax = random.Next(0, 2048);
                table.SetMaxSize(newMax);
                Trim(model, newMax, 0);
            }

            var name = "n" + random.Next(0, 50);
            var value = new string('v', random.Next(0, 300));
            var size = name.Length + value.Length + 32;
            table.Add(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
            if (size > table.MaxSize)
            {
                model.Clear();
            }
            else
            {
                Trim(model, table.MaxSize, size);
                model.Insert(0, (name, value));
            }

            RfcExamples.AssertTable(table, model.Sum(e => e.Name.Length + e.Value.Length + 32), [.. model]);
        }
    }

    [Fact]
    public void Find_FullAndNameMatches_ReturnsNewestIndexes()
    {
        var table = new HPackDynamicTable(4096);
        Add(table, "x-a", "1");
        Add(table, "x-b", "2");
        Add(table, "x-a", "3");

        Assert.Equal(2, Find(table, "x-a", "1", out var nameIndex));
        Assert.Equal(0, nameIndex);
        Assert.Equal(-1, Find(table, "x-b", "9", out nameIndex));
        Assert.Equal(1, nameIndex);
        Assert.Equal(-1, Find(table, "x-c", "1", out nameIndex));
        Assert.Equal(-1, nameIndex);
    }

    private static void Trim(List<(string Name, string Value)> model, int maxSize, int incoming)
    {
        while (model.Count > 0 && model.Sum(e => e.Name.Length + e.Value.Length + 32) + incoming > maxSize)
        {
            model.RemoveAt(model.Count - 1);
        }
    }

    private static void Add(HPackDynamicTable table, string name, string value) =>
        table.Add(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value), name.GetHashCode(StringComparison.Ordinal), value.GetHashCode(StringComparison.Ordinal));

    private static int Find(HPackDynamicTable table, string name, string value, out int nameIndex) =>
        table.Find(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value), name.GetHashCode(StringComparison.Ordinal), value.GetHashCode(StringComparison.Ordinal), out nameIndex);
}
