using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Passwords;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>
/// The client's side of SRP as amazon-cognito-identity-js computes it: a random secret a with SRP_A = g^a, and the
/// PASSWORD_VERIFIER answer (PASSWORD_CLAIM_SIGNATURE over the pool name, USER_ID_FOR_SRP, SECRET_BLOCK and TIMESTAMP);
/// for a remembered device, the DEVICE_PASSWORD_VERIFIER answer, with the device's group key, key and secret in their place.
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
        var responses = Claim(Srp.PoolName(poolId), userId, password, parameters, now);
        responses["USERNAME"] = userId;
        return responses;
    }

    /// <summary>The ChallengeResponses answering a DEVICE_PASSWORD_VERIFIER challenge's parameters with the device's secret.</summary>
    public Dictionary<string, string> AnswerDevice(DeviceSecret device, JsonNode parameters, DateTimeOffset now)
    {
        var responses = Claim(device.DeviceGroupKey, device.DeviceKey, device.Password, parameters, now);
        responses["USERNAME"] = parameters["USERNAME"].Str();
        responses["DEVICE_KEY"] = device.DeviceKey;
        return responses;
    }

    private Dictionary<string, string> Claim(string poolName, string userId, string password, JsonNode parameters, DateTimeOffset now)
    {
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
            ["PASSWORD_CLAIM_SECRET_BLOCK"] = block,
            ["PASSWORD_CLAIM_SIGNATURE"] = Convert.ToBase64String(HMACSHA256.HashData(key, message)),
            ["TIMESTAMP"] = timestamp,
        };
    }
}

/// <summary>
/// A device's secret as amazon-cognito-identity-js makes it for ConfirmDevice (generateHashDevice): 40 random bytes in base64,
/// which stay on the device, and the SRP salt and verifier of it over the group key and device key.
/// </summary>
public sealed record DeviceSecret(string DeviceKey, string DeviceGroupKey, string Password)
{
    public static DeviceSecret Create(JsonNode newDeviceMetadata) =>
        new(newDeviceMetadata[nameof(DeviceKey)].Str(), newDeviceMetadata[nameof(DeviceGroupKey)].Str(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)));

    /// <summary>ConfirmDevice's DeviceSecretVerifierConfig: Salt and PasswordVerifier as base64 of their padHex bytes.</summary>
    public object VerifierConfig()
    {
        var salt = new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true);
        var verifier = BigInteger.ModPow(Srp.G, Srp.X(DeviceGroupKey, DeviceKey, Password, salt), Srp.N);
        return new { Salt = Convert.ToBase64String(Srp.Pad(salt)), PasswordVerifier = Convert.ToBase64String(Srp.Pad(verifier)) };
    }
}
