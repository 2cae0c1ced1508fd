namespace Mosn.Protocols.Dubbo.Tests;

/// <summary>Dubbo frames built outside the codec under test.</summary>
internal static class DubboFrames
{
    /// <summary>
    /// <c>node test/interop/dubbo/frames.js request 7 com.example.DemoService sayHello 1.0.0 300</c> (hessian.js 2.11.0):
    /// a two-way Hessian2 request, id 7, whose arguments are an object with a class definition, an int, a long, a list,
    /// a double, bytes, a date and a map holding an object, followed by the attachments path, interface, version,
    /// group=blue and timeout=300.
    /// </summary>
    public const string HessianJsRequest =
        "dabbc20000000000000000070000013a05322e302e3217636f6d2e6578616d706c652e44656d6f5365727669636505312e302e300873617948656c6c6f30464c636f6d2f6578616d706c652f557365723b494a4c6a6176612f7574696c2f4c6973743b445b424c6a6176612f7574696c2f446174653b4c6a6176612f7574696c2f4d61703b4310636f6d2e6578616d706c652e5573657292046e616d6503616765600ac39c6ec3af636f646520e5908de5898dbad5e2404c001fffffffffffff7a0161925f00000cb22501020304054a0000018bcfe5680048016b6005696e6e6572975a480567726f757004626c756509696e7465726661636517636f6d2e6578616d706c652e44656d6f53657276696365047061746817636f6d2e6578616d706c652e44656d6f536572766963650774696d656f7574033330300776657273696f6e05312e302e305a";

    /// <summary><c>node test/interop/dubbo/frames.js response 7 hi</c>: an OK response, body RESPONSE_VALUE (1) then "hi".</summary>
    public const string HessianJsResponse = "dabb021400000000000000070000000491026869";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);

    /// <summary>A header by hand: magic, flag, status, 8-byte id, 4-byte length, then <paramref name="body"/>.</summary>
    public static byte[] Frame(byte flag, byte status, ulong id, byte[] body)
    {
        var frame = new byte[16 + body.Length];
        frame[0] = 0xda;
        frame[1] = 0xbb;
        frame[2] = flag;
        frame[3] = status;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(4), id);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(12), body.Length);
        body.CopyTo(frame, 16);
        return frame;
    }
}
