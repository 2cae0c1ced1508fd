using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

public class HPackStaticTableTests
{
    [Theory]
    [InlineData(1, ":authority", "")]
    [InlineData(2, ":method", "GET")]
    [InlineData(8, ":status", "200")]
    [InlineData(16, "accept-encoding", "gzip, deflate")]
    [InlineData(32, "cookie", "")]
    [InlineData(61, "www-authenticate", "")]
    public void GetNameAndValue_AppendixA_Match(int index, string name, string value)
    {
        Assert.Equal(name, Encoding.ASCII.GetString(HPackStaticTable.GetName(index)));
        Assert.Equal(value, Encoding.ASCII.GetString(HPackStaticTable.GetValue(index)));
        Assert.Equal(name, HPackStaticTable.GetNameString(index));
    }

    [Theory]
    [InlineData(":status", "404", 13, 8)]
    [InlineData(":status", "201", 0, 8)]
    [InlineData(":path", "/index.html", 5, 4)]
    [InlineData("content-type", "text/plain", 0, 31)]
    [InlineData("x-custom", "1", 0, 0)]
    public void Find_NameAndValue_ReturnsIndexes(string name, string value, int expectedIndex, int expectedNameIndex)
    {
        var index = HPackStaticTable.Find(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value), out var nameIndex);

        Assert.Equal(expectedIndex, index);
        Assert.Equal(expectedNameIndex, nameIndex);
    }

    [Fact]
    public void FindName_EveryEntry_FindsFirstWithThatName()
    {
        for (var i = 1; i <= HPackStaticTable.Count; i++)
        {
            var found = HPackStaticTable.FindName(HPackStaticTable.GetName(i));
            Assert.True(found <= i);
            Assert.Equal(HPackStaticTable.GetNameString(i), HPackStaticTable.GetNameString(found));
        }
    }
}
