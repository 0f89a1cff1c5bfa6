using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Passwords;

namespace CognitoLite.Tests.Auth;

/// <summary>The test vector of spec/srp.md §7, checked against amazon-cognito-identity-js.</summary>
public sealed class SrpTests
{
    private const string PoolId = "us-east-1_ExAmPlE12";
    private const string UserId = "jdoe";
    private const string Password = "P@ssw0rd!";
    private static readonly BigInteger Salt = Srp.FromHex("f1e2d3c4b5a697887766554433221100");
    private static readonly BigInteger A = Srp.FromHex(string.Concat(Enumerable.Repeat("abcdef0123456789", 16)));
    private static readonly BigInteger B = Srp.FromHex(string.Concat(Enumerable.Repeat("1234567890abcdef", 16)));
    private const string Timestamp = "Tue Mar 5 07:04:09 UTC 2024";
    private const string SecretBlock = "b3BhcXVlLXNlY3JldC1ibG9jay1leGFtcGxl";

    [Fact]
    public void Constants_match_the_vector()
    {
        Assert.Equal("538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6", Srp.ToHex(Srp.K));
        Assert.Equal("ExAmPlE12", Srp.PoolName(PoolId));
    }

    public static TheoryData<string> Exponentiations => ["Montgomery", "OpenSSL"];

    /// <summary>Both ways of exponentiating: OpenSSL's where libcrypto 3 is there (Linux), the managed one everywhere.</summary>
    private static Func<BigInteger, BigInteger, BigInteger> Power(string name) => name == "Montgomery"
        ? Montgomery.Pow
        : OpenSslBignum.Available ? OpenSslBignum.ModPow : throw new InvalidOperationException("libcrypto.so.3 is not on this machine");

    [Fact]
    public void OpenSSL_is_used_wherever_libcrypto_3_loads()
    {
        Assert.Equal(NativeLibrary.TryLoad("libcrypto.so.3", out _), OpenSslBignum.Available);
    }

    [Theory]
    [MemberData(nameof(Exponentiations))]
    public void Fixed_base_power_equals_ModPow(string exponentiation)
    {
        var power = Power(exponentiation);
        var max = (BigInteger.One << 256) - 1;
        BigInteger[] exponents = [BigInteger.Zero, BigInteger.One, 255, 256, max, max + 1, Srp.FromHex(string.Concat(Enumerable.Repeat("ff00", 16)))];
        foreach (var e in exponents.Concat(Enumerable.Range(0, 20).Select(_ => new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true))))
            Assert.Equal(BigInteger.ModPow(Srp.G, e, Srp.N), power(Srp.G, e));
    }

    [Fact]
    public void Server_signature_equals_the_clients()
    {
        var x = Srp.X("ExAmPlE12", UserId, Password, Salt);
        Assert.Equal("0094627b5fa786f42d169efe9a07cb6a6b2c9ea5bbacb2b596f5d2c449c1d59750", Srp.ToHex(x));
        var v = BigInteger.ModPow(Srp.G, x, Srp.N);
        Assert.StartsWith("00f438d45720c62b0e", Srp.ToHex(v), StringComparison.Ordinal);
        var clientA = BigInteger.ModPow(Srp.G, A, Srp.N);
        Assert.StartsWith("34b16abebd583180", Srp.ToHex(clientA).TrimStart('0'), StringComparison.Ordinal);
        Assert.StartsWith("9c8b6dad497d36e8", Srp.ToHex(Srp.ServerPublic(v, B)).TrimStart('0'), StringComparison.Ordinal);

        var signature = Srp.ExpectedSignature("ExAmPlE12", UserId, clientA, B, v, Convert.FromBase64String(SecretBlock), Timestamp);

        Assert.Equal("7N4LYL/ZqsFFrMYUuSjO/keqoauwVJoZ0J/ATDwUy40=", Convert.ToBase64String(signature!));
    }

    [Fact]
    public void Client_math_agrees_with_the_server_for_a_new_verifier()
    {
        var (saltHex, verifierHex) = Srp.CreateVerifier(PoolId, UserId, Password);
        var v = Srp.FromHex(verifierHex);
        var (b, serverB) = Srp.ServerKeys(v);
        var a = new BigInteger(RandomNumberGenerator.GetBytes(128), isUnsigned: true, isBigEndian: true);
        var clientA = BigInteger.ModPow(Srp.G, a, Srp.N);

        // What amazon-cognito-identity-js computes from SALT, SRP_B and the password.
        var x = Srp.X("ExAmPlE12", UserId, Password, Srp.FromHex(saltHex));
        var u = new BigInteger(SHA256.HashData([.. Srp.Pad(clientA), .. Srp.Pad(serverB)]), isUnsigned: true, isBigEndian: true);
        var baseValue = (serverB - Srp.K * BigInteger.ModPow(Srp.G, x, Srp.N)) % Srp.N;
        if (baseValue.Sign < 0) baseValue += Srp.N;
        var s = BigInteger.ModPow(baseValue, a + u * x, Srp.N);
        var key = Srp.Hkdf(Srp.Pad(s), Srp.Pad(u));
        var block = RandomNumberGenerator.GetBytes(32);
        byte[] message = [.. Encoding.UTF8.GetBytes("ExAmPlE12" + UserId), .. block, .. Encoding.UTF8.GetBytes(Timestamp)];
        var clientSignature = HMACSHA256.HashData(key, message);

        Assert.Equal(clientSignature, Srp.ExpectedSignature("ExAmPlE12", UserId, clientA, b, v, block, Timestamp));
        Assert.NotEqual(clientSignature, Srp.ExpectedSignature("ExAmPlE12", UserId, clientA, b, v, block, "Tue Mar 5 07:04:10 UTC 2024"));
    }

    [Theory]
    [MemberData(nameof(Exponentiations))]
    public void Exponentiation_agrees_with_BigInteger_ModPow(string exponentiation)
    {
        var power = Power(exponentiation);
        var values = new[] { BigInteger.Zero, BigInteger.One, Srp.G, Srp.N - 1, Srp.N, Srp.N + 5 }
            .Concat(Enumerable.Range(0, 20).Select(_ => new BigInteger(RandomNumberGenerator.GetBytes(384), isUnsigned: true, isBigEndian: true)));
        var exponents = new[] { BigInteger.Zero, BigInteger.One, new BigInteger(16), Srp.N - 2 }
            .Concat(new[] { 1, 31, 32, 33, 128 }.Select(length => new BigInteger(RandomNumberGenerator.GetBytes(length), isUnsigned: true, isBigEndian: true)));

        foreach (var value in values)
            foreach (var exponent in exponents)
                Assert.Equal(BigInteger.ModPow(value, exponent, Srp.N), power(value, exponent));
    }

    [Fact]
    public void Degenerate_A_is_refused()
    {
        var (_, verifierHex) = Srp.CreateVerifier(PoolId, UserId, Password);
        Assert.Null(Srp.ExpectedSignature("ExAmPlE12", UserId, Srp.N, B, Srp.FromHex(verifierHex), [1], Timestamp));
        Assert.Null(Srp.ExpectedSignature("ExAmPlE12", UserId, BigInteger.Zero, B, Srp.FromHex(verifierHex), [1], Timestamp));
    }
}
