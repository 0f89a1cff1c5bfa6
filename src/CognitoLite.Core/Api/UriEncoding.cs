using System.Globalization;
using System.Text;

namespace CognitoLite.Core.Api;

public static class UriEncoding
{
    /// <summary>RFC 3986 percent-encoding as SigV4 canonical requests use it: everything but unreserved characters, as UTF-8 bytes in upper-case hex.</summary>
    public static string Rfc3986(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
