using System.Net;

namespace CognitoLite.Core.Security;

/// <summary>Threat protection's settings (configuration section "CognitoLite:Security").</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// A folder of breached-password files in Have I Been Pwned's k-anonymity layout: one file per SHA-1 prefix
    /// (`5BAA6.txt`, five hex digits) whose lines are `SUFFIX:COUNT` (the other 35 hex digits, and how often the password
    /// was seen), as `haveibeenpwned-downloader -s false` writes them. Unset: no password is known to be breached.
    /// </summary>
    public string? BreachedPasswordsPath { get; set; }

    /// <summary>
    /// Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed: a request from one of them is taken to come
    /// from the address the header names. Empty: the connection's address is the source, whatever the header says.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    internal IReadOnlyList<IPNetwork> TrustedProxyNetworks { get; private set; } = [];

    internal void Validate()
    {
        if (BreachedPasswordsPath is not null && !Directory.Exists(BreachedPasswordsPath))
            throw new InvalidOperationException($"CognitoLite:Security:BreachedPasswordsPath '{BreachedPasswordsPath}' is not a folder.");
        TrustedProxyNetworks = TrustedProxies.Select(proxy => IpRanges.TryParse(proxy, out var network)
            ? network
            : throw new InvalidOperationException($"CognitoLite:Security:TrustedProxies: '{proxy}' is neither an IP address nor a CIDR range.")).ToList();
    }
}
