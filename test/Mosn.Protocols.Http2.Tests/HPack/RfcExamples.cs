using System.Text;
using Mosn.Protocols.Http2.HPack;

namespace Mosn.Protocols.Http2.Tests.HPack;

/// <summary>The header lists and encoded blocks of RFC 7541 Appendix C, and helpers to compare with them.</summary>
internal static class RfcExamples
{
    public static readonly (string Name, string Value)[] Request1 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];

    public static readonly (string Name, string Value)[] Request2 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")];

    public static readonly (string Name, string Value)[] Request3 =
        [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];

    public static readonly (string Name, string Value)[] Response1 =
        [(":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];

    public static readonly (string Name, string Value)[] Response2 =
        [(":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")];

    public static readonly (string Name, string Value)[] Response3 =
    [
        (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        ("location", "https://www.example.com"), ("content-encoding", "gzip"),
        ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
    ];

    // Dynamic table after each step, newest first, and its size.
    public static readonly (string Name, string Value)[] TableAfterRequest1 = [(":authority", "www.example.com")];

    public static readonly (string Name, string Value)[] TableAfterRequest2 =
        [("cache-control", "no-cache"), (":authority", "www.example.com")];

    public static readonly (string Name, string Value)[] TableAfterRequest3 =
        [("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com")];

    public static readonly (string Name, string Value)[] TableAfterResponse1 =
        [("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private"), (":status", "302")];

    public static readonly (string Name, string Value)[] TableAfterResponse2 =
        [(":status", "307"), ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("cache-control", "private")];

    public static readonly (string Name, string Value)[] TableAfterResponse3 =
    [
        ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), ("content-encoding", "gzip"),
        ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
    ];

    public const string C31 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
    public const string C32 = "8286 84be 5808 6e6f 2d63 6163 6865";
    public const string C33 = "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65";

    public const string C41 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
    public const string C42 = "8286 84be 5886 a8eb 1064 9cbf";
    public const string C43 = "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf";

    public const string C51 =
        "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 "
        + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
    public const string C52 = "4803 3330 37c1 c0bf";
    public const string C53 =
        "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d "
        + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 "
        + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31";

    public const string C61 =
        "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 "
        + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3";
    public const string C62 = "4883 640e ffc1 c0bf";
    public const string C63 =
        "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab "
        + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f "
        + "9587 3160 65c0 03ed 4ee5 b106 3d50 07";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static void AssertTable(HPackDynamicTable table, int expectedSize, (string Name, string Value)[] expectedNewestFirst)
    {
        var actual = new List<(string, string)>();
        for (var i = 0; i < table.Count; i++)
        {
            actual.Add((Encoding.Latin1.GetString(table.GetName(i)), Encoding.Latin1.GetString(table.GetValue(i))));
        }

        Assert.Equal(expectedNewestFirst.Select(e => (e.Name, e.Value)), actual);
        Assert.Equal(expectedSize, table.Size);
    }
}
