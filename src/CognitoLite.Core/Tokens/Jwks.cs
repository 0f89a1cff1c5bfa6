using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Core.Tokens;

/// <summary>RSA keys of a JWKS document, by kid.</summary>
public static class Jwks
{
    public static Dictionary<string, RSA> Parse(string json)
    {
        var keys = new Dictionary<string, RSA>(StringComparer.Ordinal);
        if (JsonNode.Parse(json) is not JsonObject document || document["keys"] is not JsonArray array)
            throw new InvalidOperationException("not a JWKS document (an object with a \"keys\" array)");
        foreach (var key in array.OfType<JsonObject>())
        {
            if (Text(key, "kty") != "RSA" || Text(key, "use") is not (null or "sig") || Text(key, "n") is not { } n || Text(key, "e") is not { } e) continue;
            keys[Text(key, "kid") ?? ""] = RSA.Create(new RSAParameters { Modulus = Jwt.FromBase64Url(n), Exponent = Jwt.FromBase64Url(e) });
        }
        return keys;
    }

    internal static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string)value! : null;
}
