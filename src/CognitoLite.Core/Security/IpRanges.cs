using System.Globalization;
using System.Net;

namespace CognitoLite.Core.Security;

/// <summary>IP ranges in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`): the risk configuration's lists, the trusted proxies.</summary>
public static class IpRanges
{
    /// <summary>
    /// Parses `address/prefix`, or a bare address when <paramref name="bareAddress"/> allows it (a one-address range). Bits
    /// of the address past the prefix are ignored, as routers read `192.0.2.7/24`.
    /// </summary>
    public static bool TryParse(string text, out IPNetwork network, bool bareAddress = true)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        var bits = address.GetAddressBytes().Length * 8;
        var prefix = bits;
        if (slash < 0 && !bareAddress) return false;
        if (slash >= 0 && !(int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= bits)) return false;
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var kept = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - kept));
        }
        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>True when the address is in one of the ranges (an IPv4 address written as IPv6, `::ffff:192.0.2.7`, as IPv4).</summary>
    public static bool Contains(IEnumerable<string>? ranges, IPAddress? address)
    {
        if (ranges is null || address is null) return false;
        var plain = Plain(address);
        return ranges.Any(range => TryParse(range, out var network, bareAddress: false) && network.Contains(plain));
    }

    public static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
