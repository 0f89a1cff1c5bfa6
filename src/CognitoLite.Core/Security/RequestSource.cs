using System.Net;

namespace CognitoLite.Core.Security;

/// <summary>
/// Where the request served comes from: the client's address and User-Agent, filled in by the host for each request.
/// Behind a proxy listed in CognitoLite:Security:TrustedProxies the address is the one X-Forwarded-For names (the
/// right-most entry that is not itself a trusted proxy); otherwise it is the connection's, whatever the header says.
/// </summary>
public sealed class RequestSource(CognitoOptions options)
{
    public IPAddress? Address { get; private set; }

    public string? UserAgent { get; private set; }

    public void Capture(IPAddress? connection, string? forwardedFor, string? userAgent)
    {
        Address = Resolve(connection, forwardedFor, options.Security.TrustedProxyNetworks);
        UserAgent = string.IsNullOrWhiteSpace(userAgent) ? null : userAgent;
    }

    public static IPAddress? Resolve(IPAddress? connection, string? forwardedFor, IReadOnlyList<IPNetwork> trustedProxies)
    {
        if (connection is null) return null;
        var address = IpRanges.Plain(connection);
        if (string.IsNullOrEmpty(forwardedFor)) return address;
        // Each trusted proxy appended the address it was reached from; the first one that is not a trusted proxy is the client.
        var hops = forwardedFor.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = hops.Length - 1; i >= 0 && Trusted(address, trustedProxies); i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop)) break;
            address = IpRanges.Plain(hop);
        }
        return address;
    }

    private static bool Trusted(IPAddress address, IReadOnlyList<IPNetwork> trustedProxies) => trustedProxies.Any(network => network.Contains(address));
}
