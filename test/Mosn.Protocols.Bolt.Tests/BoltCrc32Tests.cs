using System.Text;

namespace Mosn.Protocols.Bolt.Tests;

public sealed class BoltCrc32Tests
{
    [Fact]
    public void Compute_CheckValue_IsCrc32Ieee()
    {
        // The catalogued check value of CRC-32/ISO-HDLC (java.util.zip.CRC32, zlib): CRC of "123456789".
        Assert.Equal(0xCBF43926u, BoltCrc32.Compute(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("123456789"))));
        Assert.Equal(0u, BoltCrc32.Compute(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void Update_AnyLengthAndSplit_MatchesTheBitwiseReference()
    {
        var random = new Random(42);
        for (var length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var expected = BoltFrames.Crc32(data);
            Assert.Equal(expected, BoltCrc32.Compute(new ReadOnlySequence<byte>(data)));
            if (length > 1)
            {
                Assert.Equal(expected, BoltCrc32.Compute(Segments.Create(data, 3)));
            }
        }
    }
}
