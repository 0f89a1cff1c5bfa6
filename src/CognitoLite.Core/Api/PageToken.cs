using System.Text;

namespace CognitoLite.Core.Api;

/// <summary>
/// Opaque keyset pagination tokens: the sort key of the last item returned, base64url-encoded.
/// A token that does not decode is the client's error (InvalidParameterException), as on AWS.
/// </summary>
public static class PageToken
{
    public static string Encode(string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// One page of a keyset query that fetched limit + 1 rows: the extra row only says that more follow, and the
    /// token is the key of the last row returned. No token on the last page, as AWS's paginators expect.
    /// </summary>
    public static (List<T> Items, string? Next) Cut<T>(List<T> fetched, int limit, Func<T, string> keyOf)
    {
        if (fetched.Count <= limit) return (fetched, null);
        fetched.RemoveAt(fetched.Count - 1);
        return (fetched, Encode(keyOf(fetched[^1])));
    }

    public static string? Decode(string? token)
    {
        if (token is null) return null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("v1:", StringComparison.Ordinal)) return text[3..];
        }
        catch (FormatException)
        {
        }
        throw Errors.InvalidParameter("Invalid pagination token.");
    }
}
