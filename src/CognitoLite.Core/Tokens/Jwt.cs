using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Core.Tokens;

/// <summary>RS256 compact JWTs: exactly the header Cognito writes ({"kid","alg"}) and a claims object.</summary>
public static class Jwt
{
    public static string Sign(PoolKey key, JsonObject claims) => Sign(key.Kid, key.Rsa, claims);

    public static string Sign(string kid, RSA rsa, JsonObject claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["kid"] = kid, ["alg"] = "RS256" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signingInput = $"{header}.{payload}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>Splits a compact JWT into its parsed header, parsed claims, signing input and signature; null if malformed.</summary>
    public static (JsonObject Header, JsonObject Claims, byte[] SigningInput, byte[] Signature)? Parse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || token.Length > 16384) return null;
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            var claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            if (header is null || claims is null) return null;
            return (header, claims, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public static bool Verify(RSA rsa, byte[] signingInput, byte[] signature) =>
        signature.Length > 0 && rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
