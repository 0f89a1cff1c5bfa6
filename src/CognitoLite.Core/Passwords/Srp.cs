using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace CognitoLite.Core.Passwords;

/// <summary>
/// Cognito's SRP-6a (spec/srp.md): the 3072-bit group of RFC 3526, SHA-256, k = H(N | g), the "Caldera Derived
/// Key" HKDF, and padHex encoding of every hashed number. Pure math, no storage.
/// </summary>
public static class Srp
{
    public static readonly BigInteger N = BigInteger.Parse(
        "00FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
        "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
        "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
        NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static readonly BigInteger G = 2;

    public static readonly BigInteger K = Hash(Pad(N), Pad(G));

    /// <summary>The pool name in the SRP math: the part of the pool id after the underscore.</summary>
    public static string PoolName(string userPoolId) => userPoolId[(userPoolId.IndexOf('_', StringComparison.Ordinal) + 1)..];

    /// <summary>A new random salt and the verifier v = g^x for a password.</summary>
    public static (string SaltHex, string VerifierHex) CreateVerifier(string userPoolId, string userId, string password)
    {
        var salt = new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true);
        var x = X(PoolName(userPoolId), userId, password, salt);
        return (ToHex(salt), ToHex(ModPow(G, x)));
    }

    public static BigInteger X(string poolName, string userId, string password, BigInteger salt)
    {
        var inner = SHA256.HashData(Encoding.UTF8.GetBytes($"{poolName}{userId}:{password}"));
        return Hash(Pad(salt), inner);
    }

    /// <summary>The server's secret b and public B = (k·v + g^b) mod N, never 0 mod N.</summary>
    public static (BigInteger b, BigInteger B) ServerKeys(BigInteger v)
    {
        while (true)
        {
            var b = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
            var B = ServerPublic(v, b);
            if (!B.IsZero) return (b, B);
        }
    }

    public static BigInteger ServerPublic(BigInteger v, BigInteger b) => ((K * v) + ModPow(G, b)) % N;

    /// <summary>The PASSWORD_CLAIM_SIGNATURE the client must have sent, or null when A or u is degenerate.</summary>
    public static byte[]? ExpectedSignature(string poolName, string userId, BigInteger A, BigInteger b, BigInteger v, byte[] secretBlock, string timestamp)
    {
        if ((A % N).IsZero) return null;
        var B = ServerPublic(v, b);
        var u = Hash(Pad(A), Pad(B));
        if (u.IsZero) return null;
        var S = ModPow(A * ModPow(v, u) % N, b);
        var key = Hkdf(Pad(S), Pad(u));
        var message = Encoding.UTF8.GetBytes(poolName).Concat(Encoding.UTF8.GetBytes(userId)).Concat(secretBlock).Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray();
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>value^exponent mod N, for non-negative numbers: with OpenSSL where the runtime has it, else in managed code.</summary>
    public static BigInteger ModPow(BigInteger value, BigInteger exponent) =>
        OpenSslBignum.Available ? OpenSslBignum.ModPow(value, exponent) : Montgomery.Pow(value, exponent);

    /// <summary>HKDF-SHA256 with salt u, info "Caldera Derived Key", first 16 bytes.</summary>
    public static byte[] Hkdf(byte[] ikm, byte[] salt)
    {
        var prk = HMACSHA256.HashData(salt, ikm);
        var info = Encoding.UTF8.GetBytes("Caldera Derived Key").Append((byte)1).ToArray();
        return HMACSHA256.HashData(prk, info)[..16];
    }

    /// <summary>padHex as bytes: minimal big-endian two's complement, so a leading 00 when the high bit is set.</summary>
    public static byte[] Pad(BigInteger value) => value.ToByteArray(isUnsigned: false, isBigEndian: true);

    public static BigInteger FromHex(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static string ToHex(BigInteger value) => Convert.ToHexStringLower(Pad(value));

    private static BigInteger Hash(params byte[][] parts) =>
        new(SHA256.HashData(parts.SelectMany(p => p).ToArray()), isUnsigned: true, isBigEndian: true);
}
