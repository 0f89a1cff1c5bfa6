using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Passwords;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>
/// The client's side of SRP as amazon-cognito-identity-js computes it: a random secret a with SRP_A = g^a, and the
/// PASSWORD_VERIFIER answer (PASSWORD_CLAIM_SIGNATURE over the pool name, USER_ID_FOR_SRP, SECRET_BLOCK and TIMESTAMP).
/// </summary>
public sealed class SrpClient
{
    private readonly BigInteger _a = new(RandomNumberGenerator.GetBytes(128), isUnsigned: true, isBigEndian: true);

    public SrpClient() => A = BigInteger.ModPow(Srp.G, _a, Srp.N);

    public BigInteger A { get; }

    /// <summary>SRP_A as the client sends it.</summary>
    public string SrpA => Srp.ToHex(A);

    /// <summary>The ChallengeResponses answering a PASSWORD_VERIFIER challenge's parameters with this password, signed at <paramref name="now"/>.</summary>
    public Dictionary<string, string> Answer(string poolId, JsonNode parameters, string password, DateTimeOffset now)
    {
        var userId = parameters["USER_ID_FOR_SRP"].Str();
        var poolName = Srp.PoolName(poolId);
        var serverB = Srp.FromHex(parameters["SRP_B"].Str());
        var x = Srp.X(poolName, userId, password, Srp.FromHex(parameters["SALT"].Str()));
        var u = new BigInteger(SHA256.HashData([.. Srp.Pad(A), .. Srp.Pad(serverB)]), isUnsigned: true, isBigEndian: true);
        var baseValue = (serverB - Srp.K * BigInteger.ModPow(Srp.G, x, Srp.N)) % Srp.N;
        if (baseValue.Sign < 0) baseValue += Srp.N;
        var key = Srp.Hkdf(Srp.Pad(BigInteger.ModPow(baseValue, _a + u * x, Srp.N)), Srp.Pad(u));
        var timestamp = now.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        var block = parameters["SECRET_BLOCK"].Str();
        byte[] message = [.. Encoding.UTF8.GetBytes(poolName + userId), .. Convert.FromBase64String(block), .. Encoding.UTF8.GetBytes(timestamp)];
        return new Dictionary<string, string>
        {
            ["USERNAME"] = userId,
            ["PASSWORD_CLAIM_SECRET_BLOCK"] = block,
            ["PASSWORD_CLAIM_SIGNATURE"] = Convert.ToBase64String(HMACSHA256.HashData(key, message)),
            ["TIMESTAMP"] = timestamp,
        };
    }
}
