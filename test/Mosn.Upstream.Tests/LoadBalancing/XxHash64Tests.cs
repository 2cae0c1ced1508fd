using System.Text;
using Mosn.Upstream.LoadBalancing;

namespace Mosn.Upstream.Tests.LoadBalancing;

public sealed class XxHash64Tests
{
    [Theory]
    // Reference values of XXH64 (seed 0) from the xxHash project.
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    public void Hash_KnownInputs_MatchReferenceValues(string input, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Hash_EveryLengthUpTo100_DeterministicAndSensitiveToEachByte()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray();
        var seen = new HashSet<ulong>();
        for (var length = 0; length <= data.Length; length++)
        {
            var hash = XxHash64.Hash(data.AsSpan(0, length));
            Assert.Equal(hash, XxHash64.Hash(data.AsSpan(0, length).ToArray()));
            Assert.True(seen.Add(hash));
        }

        var flipped = (byte[])data.Clone();
        flipped[63] ^= 1;
        Assert.NotEqual(XxHash64.Hash(data), XxHash64.Hash(flipped));
    }

    [Fact]
    public void Hash_DifferentSeeds_DifferentHashes()
    {
        var data = "10.0.0.1:80"u8.ToArray();

        Assert.NotEqual(XxHash64.Hash(data, 1), XxHash64.Hash(data, 2));
    }
}
