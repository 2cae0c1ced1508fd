using Mosn.Protocols.Http2.Frames;

namespace Mosn.Protocols.Http2.Tests.Frames;

public class Http2FrameHeaderTests
{
    [Fact]
    public void Read_AllFields_DecodedBigEndianWithReservedBitDropped()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0x09, 0x25, 0xFF, 0xFF, 0xFF, 0xFF];

        var header = Http2FrameHeader.Read(bytes);

        Assert.Equal(new Http2FrameHeader(16_777_215, Http2FrameType.Continuation, (Http2FrameFlags)0x25, 0x7FFF_FFFF), header);
        Assert.True(header.HasFlags(Http2FrameFlags.EndStream | Http2FrameFlags.EndHeaders | Http2FrameFlags.Priority));
        Assert.False(header.HasFlags(Http2FrameFlags.Padded));
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var header = new Http2FrameHeader(0x012345, Http2FrameType.GoAway, Http2FrameFlags.None, 0x0ABC_DEF1);
        var bytes = new byte[9];

        header.Write(bytes);

        Assert.Equal([0x01, 0x23, 0x45, 0x07, 0x00, 0x0A, 0xBC, 0xDE, 0xF1], bytes);
        Assert.Equal(header, Http2FrameHeader.Read(bytes));
    }
}
