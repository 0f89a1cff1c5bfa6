using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Devices;
using CognitoLite.Core.Passkeys;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

/// <summary>
/// What sign-in answers, when the client prevents user-existence errors, for a user the pool does not have or one it must
/// not reveal (awaiting a password reset, or with no first factor): decoys of a real user's challenges, each derived from
/// the name under the master key so that asking again gives the same answer, as it would for a real user, and whose
/// answers fail where and as wrong answers do (Cognito's "Managing user existence error responses"). Their sessions are
/// <see cref="ChallengeSessions"/>' decoys: they expire, are used up and count attempts as real ones.
/// </summary>
public sealed class UnknownUsers(ChallengeSessions sessions, PasskeySignIn passkeys, UserMessages messages, DeviceTracking devices,
    ThreatProtection threats, PasswordHasher hasher, SecretProtector secrets)
{
    /// <summary>
    /// The USER_ID_FOR_SRP (and USERNAME) a decoy shows, where a real user's challenges show the username: a UUID derived
    /// from the name where usernames are subs (the pool has UsernameAttributes) or the name can only be an email or phone
    /// alias, as Cognito documents; otherwise the name as the pool compares it, as a real user who typed it gets it back.
    /// </summary>
    public string UserId(UserPool pool, string name)
    {
        var aliases = pool.Settings.AliasAttributes ?? [];
        var madeUp = pool.Settings.UsernameAttributes is { Count: > 0 }
            ? !Guid.TryParse(name, out _)
            : aliases.Contains("email") && AttributeRules.IsEmail(name) || aliases.Contains("phone_number") && AttributeRules.IsPhone(name);
        var key = UserDirectory.UsernameKey(pool, name);
        if (!madeUp) return key;
        var bytes = Seed(pool, "user-id", key).AsSpan(0, 16);
        bytes[6] = (byte)(bytes[6] & 0x0F | 0x40);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>Whose a decoy session is: the same for the name typed and for the <see cref="UserId"/> shown for it.</summary>
    public byte[] Owner(UserPool pool, string name) => Seed(pool, "owner", UserId(pool, name))[..8];

    /// <summary>A decoy session answered for another user than its own is refused as a real session would be.</summary>
    public void CheckOwner(UserPool pool, AuthSession decoy, string username)
    {
        if (!CryptographicOperations.FixedTimeEquals(ChallengeSessions.OwnerOf(decoy), Owner(pool, username))) throw Errors.InvalidSession();
    }

    /// <summary>
    /// The AvailableChallenges of a decoy, among the pool's first factors: the password ones (every signed-up user has a
    /// password), a code to the email or phone number the name is, and each other factor by a bit derived from the name,
    /// as a real user has it or not (Cognito answers with a random pick of the pool's challenges; this pick stays the same).
    /// </summary>
    public List<string> Factors(UserPool pool, string name)
    {
        var seed = Seed(pool, "factors", UserId(pool, name));
        var offered = FirstFactors.OfPool(pool.Settings);
        var factors = offered.Where(factor => factor switch
        {
            FirstFactors.Password or FirstFactors.PasswordSrp => true,
            FirstFactors.EmailOtp => AttributeRules.IsEmail(name) || (seed[0] & 1) == 0,
            FirstFactors.SmsOtp => AttributeRules.IsPhone(name) || (seed[1] & 1) == 0,
            _ => (seed[2] & 1) == 0,
        }).ToList();
        return factors.Count > 0 ? factors : offered.Take(1).ToList();
    }

    /// <summary>USER_AUTH for a decoy, as for a real user with its <see cref="Factors"/>: the preferred challenge when it is one of them, else SELECT_CHALLENGE.</summary>
    public async Task<InitiateAuthResponse> FirstFactor(UserPool pool, AppClient client, string name, string? preferred, CancellationToken ct)
    {
        var factors = Factors(pool, name);
        if (factors.Count == 0) throw FirstFactors.NoneAvailable();
        if (preferred == FirstFactors.WebAuthn && factors.Contains(preferred)) return await PasskeyChallenge(pool, client, name, ct);
        if (preferred is FirstFactors.EmailOtp or FirstFactors.SmsOtp && factors.Contains(preferred)) return CodeChallenge(pool, client, name, preferred);
        var mask = FirstFactors.Names.Select((factor, bit) => factors.Contains(factor) ? 1 << bit : 0).Sum();
        return new InitiateAuthResponse(FirstFactors.SelectChallenge, sessions.StartDecoy(client, FirstFactors.SelectChallenge, Owner(pool, name), (byte)mask), [], null, factors);
    }

    /// <summary>SELECT_CHALLENGE answered with a decoy session: checked and used up as a real one is, then the chosen factor's decoy, or a wrong password.</summary>
    public async Task<InitiateAuthResponse> Choose(UserPool pool, AppClient client, AuthSession decoy, string username, string answer,
        Dictionary<string, string> responses, string? deviceKey, CancellationToken ct)
    {
        CheckOwner(pool, decoy, username);
        var mask = ChallengeSessions.DetailOf(decoy);
        if (!FirstFactors.Names.Where((_, bit) => (mask >> bit & 1) == 1).Contains(answer)) throw FirstFactors.NotAvailable(answer);
        var password = answer == FirstFactors.Password ? AuthService.Required(responses, "PASSWORD") : null;
        var srpA = answer == FirstFactors.PasswordSrp ? AuthService.SrpA(responses) : null;
        if (password is not null) await devices.Named(pool, Guid.Empty, deviceKey, ct);
        await sessions.Finish(decoy, ct);
        if (password is not null) throw await Refusal(password, ct);
        if (answer == FirstFactors.WebAuthn && !string.IsNullOrEmpty(responses.GetValueOrDefault("CREDENTIAL"))) throw PasskeySignIn.Refused();
        if (answer == FirstFactors.WebAuthn) return await PasskeyChallenge(pool, client, username, ct);
        return srpA is not null ? PasswordVerifier(pool, client, username) : CodeChallenge(pool, client, username, answer);
    }

    /// <summary>
    /// USER_SRP_AUTH's PASSWORD_VERIFIER for a decoy: a salt derived from the name (the same at every request, as a real
    /// user's), SRP_B over a made-up verifier, and a SECRET_BLOCK that is a decoy session as a real one is a session.
    /// </summary>
    public InitiateAuthResponse PasswordVerifier(UserPool pool, AppClient client, string name)
    {
        var seed = Seed(pool, "srp", UserId(pool, name));
        var salt = new BigInteger(seed.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        var (_, serverB) = Srp.ServerKeys(new BigInteger(seed.AsSpan(16), isUnsigned: true, isBigEndian: true));
        var block = sessions.StartDecoy(client, "PASSWORD_VERIFIER", Owner(pool, name));
        return AuthService.PasswordVerifier(UserId(pool, name), Srp.ToHex(salt), serverB, Convert.ToBase64String(Encoding.ASCII.GetBytes(block)));
    }

    /// <summary>A password sign-in of a decoy, refused as a wrong password is, after the same checks of the device named and of the address.</summary>
    public async Task<CognitoException> PasswordRefusal(UserPool pool, string? deviceKey, string password, CancellationToken ct)
    {
        await devices.Named(pool, Guid.Empty, deviceKey, ct);
        return await Refusal(password, ct);
    }

    /// <summary>The PASSWORD_VERIFIER answer to a decoy, refused as a wrong password is.</summary>
    public async Task<CognitoException> ProofRefusal(UserPool pool, AuthSession decoy, string username, CancellationToken ct)
    {
        CheckOwner(pool, decoy, username);
        return await Refusal(null, ct);
    }

    /// <summary>The WEB_AUTHN answer to a decoy: read as a real one is, then refused as an assertion by none of the user's passkeys.</summary>
    public CognitoException PasskeyRefusal(UserPool pool, AuthSession decoy, string username, string credential)
    {
        CheckOwner(pool, decoy, username);
        return PasskeySignIn.Unverifiable(credential);
    }

    private async Task<CognitoException> Refusal(string? password, CancellationToken ct)
    {
        await threats.RefuseBlockedAddress(ct);
        if (password is not null) hasher.VerifyNothing(password);
        return Errors.IncorrectUsernameOrPassword();
    }

    /// <summary>EMAIL_OTP or SMS_OTP for a decoy, with delivery details as Cognito simulates them; no code is sent, so every answer is a wrong code.</summary>
    private InitiateAuthResponse CodeChallenge(UserPool pool, AppClient client, string name, string challenge)
    {
        var delivery = messages.Simulated(pool, name, challenge == FirstFactors.EmailOtp ? "email" : "phone_number");
        return new InitiateAuthResponse(challenge, sessions.StartDecoy(client, challenge, Owner(pool, name)), new Dictionary<string, string>
        {
            ["CODE_DELIVERY_DELIVERY_MEDIUM"] = delivery.DeliveryMedium,
            ["CODE_DELIVERY_DESTINATION"] = delivery.Destination,
            ["USER_ID_FOR_SRP"] = UserId(pool, name),
        }, null);
    }

    private async Task<InitiateAuthResponse> PasskeyChallenge(UserPool pool, AppClient client, string name, CancellationToken ct) =>
        new(FirstFactors.WebAuthn, sessions.StartDecoy(client, FirstFactors.WebAuthn, Owner(pool, name)),
            new() { [AuthService.CredentialRequestOptions] = await passkeys.Decoy(pool, Seed(pool, "passkeys", UserId(pool, name)), ct) }, null);

    private byte[] Seed(UserPool pool, string purpose, string userId) => Convert.FromHexString(secrets.Mac($"unknown-user|{purpose}|{pool.Id}|{userId}"));
}
