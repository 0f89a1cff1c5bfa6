using System.Security.Cryptography;
using System.Text;

namespace CognitoLite.Core.Security;

/// <summary>
/// Compromised-credentials detection against an offline copy of Have I Been Pwned's Pwned Passwords, in its k-anonymity
/// layout: the password's SHA-1 (upper-case hex) is split into a 5-digit prefix, which names the file
/// (`&lt;BreachedPasswordsPath&gt;/5BAA6.txt`), and a 35-digit suffix, looked for among the file's `SUFFIX:COUNT` lines.
/// A count of 0 is the downloader's padding, not a breach. Only the one small file of the prefix is read.
/// </summary>
public sealed class BreachedPasswords(CognitoOptions options)
{
    public async Task<bool> Contains(string password, CancellationToken ct)
    {
        if (options.Security.BreachedPasswordsPath is not { } folder) return false;
#pragma warning disable CA5350 // SHA-1 is the list's own key, not a protection of ours
        var hash = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
#pragma warning restore CA5350
        var file = Path.Combine(folder, hash[..5] + ".txt");
        if (!File.Exists(file)) return false;
        var suffix = hash.AsMemory(5);
        using var reader = new StreamReader(file, Encoding.ASCII);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon != suffix.Length || !line.AsSpan(0, colon).Equals(suffix.Span, StringComparison.OrdinalIgnoreCase)) continue;
            return long.TryParse(line.AsSpan(colon + 1).Trim(), out var count) && count > 0;
        }
        return false;
    }
}
