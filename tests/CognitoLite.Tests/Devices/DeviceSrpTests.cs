using System.Numerics;
using System.Security.Cryptography;
using CognitoLite.Core.Devices;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;

namespace CognitoLite.Tests.Devices;

/// <summary>The device SRP test vector of spec/devices-passkeys-security.md §1, checked against amazon-cognito-identity-js.</summary>
public sealed class DeviceSrpTests
{
    private const string GroupKey = "-Xy7Kp2Qa";
    private const string DeviceKey = "us-east-1_9f8e7d6c-5b4a-4321-8fed-cba987654321";
    private const string SecretBlock = "ZGV2aWNlLXNlY3JldC1ibG9jay1leGFtcGxl";
    private const string Timestamp = "Wed Jan 8 09:05:03 UTC 2025";
    private static readonly BigInteger SmallA = Srp.FromHex(string.Concat(Enumerable.Repeat("fedcba9876543210", 16)));
    private static readonly BigInteger SmallB = Srp.FromHex(string.Concat(Enumerable.Repeat("0123456789abcdef", 16)));

    /// <summary>The device's secret: 40 bytes, byte i = 7i + 3, in base64.</summary>
    private static readonly string Password = Convert.ToBase64String(Enumerable.Range(0, 40).Select(i => (byte)(7 * i + 3)).ToArray());

    /// <summary>The salt bytes a0…af, as the client pads and sends them.</summary>
    private static readonly BigInteger Salt = new(Enumerable.Range(0xa0, 16).Select(b => (byte)b).ToArray(), isUnsigned: true, isBigEndian: true);

    private static BigInteger Verifier => BigInteger.ModPow(Srp.G, Srp.X(GroupKey, DeviceKey, Password, Salt), Srp.N);

    [Fact]
    public void The_client_verifier_matches_the_vector()
    {
        Assert.Equal("AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4/wYNFA==", Password);
        Assert.Equal("AKChoqOkpaanqKmqq6ytrq8=", Convert.ToBase64String(Srp.Pad(Salt)));
        Assert.Equal("00a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", Srp.ToHex(Salt));
        Assert.Equal("74417c493dfd14257389fa38b7a69d97f64d5cf7c0e5399a05465d15ad558225", Srp.ToHex(Srp.X(GroupKey, DeviceKey, Password, Salt)).TrimStart('0'));
        var verifier = Srp.Pad(Verifier);
        Assert.Equal(385, verifier.Length);
        Assert.StartsWith("AN3+t4Ln3YmSH0JSJUEZ1uoM", Convert.ToBase64String(verifier), StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_expects_the_clients_signature()
    {
        var clientA = BigInteger.ModPow(Srp.G, SmallA, Srp.N);
        var serverB = Srp.ServerPublic(Verifier, SmallB);
        var u = new BigInteger(SHA256.HashData([.. Srp.Pad(clientA), .. Srp.Pad(serverB)]), isUnsigned: true, isBigEndian: true);
        Assert.Equal("6e02e3d68b167494b1c07b243fca39b24f7ea6d502bdf6b33399bb15bb7fa0fb", Srp.ToHex(u).TrimStart('0'));
        var s = BigInteger.ModPow(clientA * BigInteger.ModPow(Verifier, u, Srp.N) % Srp.N, SmallB, Srp.N);
        Assert.Equal("8e475727974f8f2b69915e85ec4621e2", Convert.ToHexStringLower(Srp.Hkdf(Srp.Pad(s), Srp.Pad(u))));

        // As ConfirmDevice stores them: the salt and verifier as hex numbers.
        var device = new Device
        {
            DeviceKey = DeviceKey,
            DeviceGroupKey = GroupKey,
            SrpSalt = Srp.ToHex(Salt),
            SrpVerifier = Srp.ToHex(Verifier),
        };
        var signature = DeviceTracking.ExpectedSignature(device, clientA, SmallB, Convert.FromBase64String(SecretBlock), Timestamp);

        Assert.Equal("9qXwM3q3RQZExThFv2IU18/gS8dvjY1yWiNTUAGrxiY=", Convert.ToBase64String(signature!));
        Assert.NotEqual(signature, DeviceTracking.ExpectedSignature(device, clientA, SmallB, Convert.FromBase64String(SecretBlock), "Wed Jan 8 09:05:04 UTC 2025"));
    }
}
