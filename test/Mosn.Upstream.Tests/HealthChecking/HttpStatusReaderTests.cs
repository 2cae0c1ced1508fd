using System.Buffers;
using System.Text;
using Mosn.Abstractions.Network;
using Mosn.Upstream.HealthChecking;

namespace Mosn.Upstream.Tests.HealthChecking;

public sealed class HttpStatusReaderTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", 200)]
    [InlineData("HTTP/1.0 503 Service Unavailable\r\n", 503)]
    [InlineData("HTTP/1.1 204\r\n", 204)]
    [InlineData("HTTP/1.1 404 \r\n", 404)]
    [InlineData("HTTP/2 200 OK\r\n", 0)]
    [InlineData("HTTP/1.1 20 OK\r\n", 0)]
    [InlineData("HTTP/1.1 2000 OK\r\n", 0)]
    [InlineData("SSH-2.0-OpenSSH\r\n", 0)]
    public async Task OnData_StatusLine_CompletesWithCode(string line, int expected)
    {
        var reader = new HttpStatusReader();

        reader.OnData(Buffer(line + "Content-Length: 0\r\n\r\n", endOfStream: false));

        Assert.True(reader.Status.IsCompleted);
        Assert.Equal(expected, await reader.Status);
    }

    [Fact]
    public void OnData_PartialLine_WaitsForTheRest()
    {
        var reader = new HttpStatusReader();

        var status = reader.OnData(Buffer("HTTP/1.1 20", endOfStream: false));

        Assert.Equal(FilterStatus.StopIteration, status);
        Assert.False(reader.Status.IsCompleted);
    }

    [Fact]
    public async Task OnData_LineTooLong_Fails()
    {
        var reader = new HttpStatusReader();

        reader.OnData(Buffer("HTTP/1.1 200 " + new string('x', HttpStatusReader.MaxStatusLineLength), endOfStream: false));

        Assert.Equal(0, await reader.Status);
    }

    [Fact]
    public async Task OnEvent_CloseBeforeStatus_Fails()
    {
        var reader = new HttpStatusReader();

        reader.OnEvent(ConnectionEvent.RemoteClose);

        Assert.Equal(0, await reader.Status);
    }

    private static ReadBuffer Buffer(string text, bool endOfStream)
    {
        var buffer = new ReadBuffer();
        buffer.Reset(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), endOfStream);
        return buffer;
    }
}
