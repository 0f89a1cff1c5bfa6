using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Passwords;

namespace CognitoLite.Bench;

/// <summary>
/// The client's side of SRP for one signing-in user, as amazon-cognito-identity-js computes it, with two savings that
/// leave the server's work unchanged: the secret a is 256 bits (the library draws 1,024) and, with A = g^a, is kept for
/// the user's every handshake, and x (from salt and password) is kept per salt. What is left per handshake is one
/// exponentiation, S = (B - k·g^x)^(a + u·x), the same order of work as the server's.
/// </summary>
internal sealed class SrpUser
{
    private readonly string _password;
    private readonly BigInteger _a = new(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
    private readonly BigInteger _bigA;
    private (string Salt, BigInteger X, BigInteger Gx)? _known;

    public SrpUser(string username, string password)
    {
        Username = username;
        _password = password;
        _bigA = Srp.ModPow(Srp.G, _a);
        SrpA = Srp.ToHex(_bigA);
    }

    public string Username { get; }

    /// <summary>SRP_A as the client sends it.</summary>
    public string SrpA { get; }

    /// <summary>The PASSWORD_VERIFIER ChallengeResponses for the challenge's parameters, signed at <paramref name="now"/>.</summary>
    public JsonObject Answer(string poolId, string userId, string saltHex, string serverBHex, string secretBlock, DateTimeOffset now)
    {
        var poolName = Srp.PoolName(poolId);
        if (_known?.Salt != saltHex)
        {
            var x = Srp.X(poolName, userId, _password, Srp.FromHex(saltHex));
            _known = (saltHex, x, Srp.ModPow(Srp.G, x));
        }
        var (_, xValue, gx) = _known.Value;
        var serverB = Srp.FromHex(serverBHex);
        var u = new BigInteger(SHA256.HashData([.. Srp.Pad(_bigA), .. Srp.Pad(serverB)]), isUnsigned: true, isBigEndian: true);
        var baseValue = (serverB - Srp.K * gx) % Srp.N;
        if (baseValue.Sign < 0) baseValue += Srp.N;
        var key = Srp.Hkdf(Srp.Pad(Srp.ModPow(baseValue, _a + u * xValue)), Srp.Pad(u));
        var timestamp = now.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        byte[] message = [.. Encoding.UTF8.GetBytes(poolName + userId), .. Convert.FromBase64String(secretBlock), .. Encoding.UTF8.GetBytes(timestamp)];
        return new JsonObject
        {
            ["USERNAME"] = userId,
            ["PASSWORD_CLAIM_SECRET_BLOCK"] = secretBlock,
            ["PASSWORD_CLAIM_SIGNATURE"] = Convert.ToBase64String(HMACSHA256.HashData(key, message)),
            ["TIMESTAMP"] = timestamp,
        };
    }
}
