using System.Net;
using System.Net.Sockets;

namespace Daas.Hosting;

/// <summary>
/// Names the client that failed logins are counted against. An IPv6 client usually holds a whole
/// /64 (SLAAC, privacy addresses) and can take a new address per guess, so IPv6 counts by its /64
/// prefix; an IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 client) counts as
/// that IPv4 address, the same key as the client gets over a plain IPv4 socket.
/// </summary>
internal static class LoginThrottleKey
{
    public static string For(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear(); // also drops a link-local address's scope id: one interface's /64 is one key
        return $"{new IPAddress(bytes)}/64";
    }
}
