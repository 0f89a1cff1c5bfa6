using System.Security.Cryptography;
using OtpNet;

namespace CognitoLite.Core.Mfa;

/// <summary>
/// RFC 6238 codes as authenticator apps make them for Cognito: HMAC-SHA1, 6 digits, 30-second steps.
/// One step either side is accepted, for clocks that drift and codes typed at the end of their step.
/// </summary>
public static class Totp
{
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>A new secret: 20 random bytes (the RFC's SHA-1 key size), 32 characters of base32.</summary>
    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    /// <summary>The time step the code belongs to, or null when it is not the code of a step in the window around now.</summary>
    public static long? Match(string secret, string code, DateTimeOffset now)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return null;
        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, Window) ? step : null;
    }
}
