namespace Mosn.Network.OriginalDst;

/// <summary>How the <c>original_dst</c> listener filter finds a redirected connection's original destination.</summary>
public enum OriginalDstMode
{
    /// <summary>
    /// iptables <c>REDIRECT</c> (NAT): the kernel's connection tracking keeps the destination the client connected to,
    /// read with <c>getsockopt(SO_ORIGINAL_DST)</c> (MOSN's <c>"redirect"</c>, its default).
    /// </summary>
    Redirect = 0,

    /// <summary>
    /// iptables <c>TPROXY</c>: the connection is not rewritten, so the accepted socket's local address is the original
    /// destination (MOSN's <c>"tproxy"</c>).
    /// </summary>
    TProxy = 1,
}
