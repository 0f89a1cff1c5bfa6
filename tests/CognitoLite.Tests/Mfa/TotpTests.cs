using OtpNet;

namespace CognitoLite.Tests.Mfa;

/// <summary>The TOTP math: RFC 6238 codes, one 30-second step of tolerance either side.</summary>
public sealed class TotpTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 10, TimeSpan.Zero);

    private static string CodeAt(string secret, int steps) => new OtpNet.Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Now.UtcDateTime.AddSeconds(30 * steps));

    [Fact]
    public void A_new_secret_is_32_characters_of_base32()
    {
        var secret = Core.Mfa.Totp.NewSecret();

        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.NotEqual(secret, Core.Mfa.Totp.NewSecret());
    }

    [Fact]
    public void Codes_of_the_previous_current_and_next_step_are_accepted_with_their_step()
    {
        var secret = Core.Mfa.Totp.NewSecret();
        var current = Now.ToUnixTimeSeconds() / 30;

        Assert.Equal(current - 1, Core.Mfa.Totp.Match(secret, CodeAt(secret, -1), Now));
        Assert.Equal(current, Core.Mfa.Totp.Match(secret, CodeAt(secret, 0), Now));
        Assert.Equal(current + 1, Core.Mfa.Totp.Match(secret, CodeAt(secret, 1), Now));
    }

    [Fact]
    public void Codes_two_steps_away_are_refused()
    {
        var secret = Core.Mfa.Totp.NewSecret();
        // A code can repeat by chance within the window; these cannot be mistaken for it.
        var window = new[] { -1, 0, 1 }.Select(s => CodeAt(secret, s)).ToHashSet();

        foreach (var steps in new[] { -2, 2 })
        {
            var code = CodeAt(secret, steps);
            if (!window.Contains(code)) Assert.Null(Core.Mfa.Totp.Match(secret, code, Now));
        }
    }

    [Fact]
    public void Malformed_codes_and_other_secrets_codes_are_refused()
    {
        var secret = Core.Mfa.Totp.NewSecret();
        var code = CodeAt(secret, 0);

        Assert.Null(Core.Mfa.Totp.Match(secret, code[..5], Now));
        Assert.Null(Core.Mfa.Totp.Match(secret, code + "0", Now));
        Assert.Null(Core.Mfa.Totp.Match(secret, "12345a", Now));
        var other = Core.Mfa.Totp.NewSecret();
        var otherCode = CodeAt(other, 0);
        if (!new[] { -1, 0, 1 }.Select(s => CodeAt(secret, s)).Contains(otherCode)) Assert.Null(Core.Mfa.Totp.Match(secret, otherCode, Now));
    }
}
