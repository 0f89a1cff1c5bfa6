using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Mfa;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// The second factor at sign-in (spec/user-pools.md §9): which challenge the pool and the user call for once the
/// password is right, the codes sent for SMS_MFA and EMAIL_OTP (and for the one-time-code first factors of USER_AUTH),
/// and the checks of the answers.
/// </summary>
public sealed class MfaChallenges(
    CognitoDbContext db,
    UserDirectory directory,
    ChallengeSessions sessions,
    UnknownUsers unknownUsers,
    UserMessages messages,
    SecretProtector secrets,
    TimeProvider clock)
{
    /// <summary>Session step of MFA_SETUP until the new authenticator app is verified (AssociateSoftwareToken and VerifySoftwareToken take it).</summary>
    public const string Setup = "MFA_SETUP";
    /// <summary>Session step after VerifySoftwareToken: answering MFA_SETUP with it completes the sign-in.</summary>
    public const string SetupVerified = "MFA_SETUP_VERIFIED";
    private const string SelectType = "SELECT_MFA_TYPE";

    /// <summary>
    /// The challenge that follows a good first factor, or null when the user goes straight to tokens. A code sent on the way
    /// carries the ClientMetadata of the RespondToAuthChallenge served (null at InitiateAuth) to the custom message function.
    /// </summary>
    public async Task<InitiateAuthResponse?> Begin(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var usable = MfaMethods.Usable(pool.Settings, user);
        if (user.PreferredMfa is not null && usable.Contains(user.PreferredMfa)) return await Challenge(pool, client, user, user.PreferredMfa, clientMetadata, ct);
        if (usable.Count == 1) return await Challenge(pool, client, user, usable[0], clientMetadata, ct);
        if (usable.Count > 1)
            return await Start(user, client, SelectType, new() { ["MFAS_CAN_CHOOSE"] = JsonSerializer.Serialize(usable) }, null, ct);
        // OPTIONAL pools (and OFF ones, which offer nothing) ask only users who turned a factor on.
        if (pool.Settings.MfaConfiguration != "ON") return null;

        // MFA is required and the user turned nothing on. A phone or email the pool can send codes to is used as it is
        // (Cognito's behaviour from before users chose factors); otherwise the user must first set up an authenticator app.
        var offered = MfaMethods.OfPool(pool.Settings);
        if (offered.Contains(MfaMethods.Sms) && user.Attributes.ContainsKey("phone_number")) return await Challenge(pool, client, user, MfaMethods.Sms, clientMetadata, ct);
        if (offered.Contains(MfaMethods.Email) && user.Attributes.ContainsKey("email")) return await Challenge(pool, client, user, MfaMethods.Email, clientMetadata, ct);
        if (offered.Contains(MfaMethods.SoftwareToken))
            return await Start(user, client, Setup, new() { ["MFAS_CAN_SETUP"] = JsonSerializer.Serialize(new[] { MfaMethods.SoftwareToken }) }, null, ct);
        throw Errors.MfaMethodNotFound("No MFA method is available for the user.");
    }

    /// <summary>
    /// A second factor that threat protection asks for (an MFA action of ENFORCED mode) from a user the pool's MFA would let
    /// through: the user's authenticator app, else a code to the phone or email, among the factors the pool offers; null
    /// when the user has none of them.
    /// </summary>
    public async Task<InitiateAuthResponse?> ForRisk(UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var offered = MfaMethods.OfPool(pool.Settings);
        var method = new[] { MfaMethods.SoftwareToken, MfaMethods.Sms, MfaMethods.Email }.Where(offered.Contains).FirstOrDefault(m => m switch
        {
            MfaMethods.SoftwareToken => user.SoftwareTokenSecretCipher is not null,
            MfaMethods.Sms => user.Attributes.ContainsKey("phone_number"),
            _ => user.Attributes.ContainsKey("email"),
        });
        return method is null ? null : await Challenge(pool, client, user, method, clientMetadata, ct);
    }

    /// <summary>SELECT_MFA_TYPE answered: the chosen factor's challenge, in a new session.</summary>
    public async Task<InitiateAuthResponse> Select(UserPool pool, AppClient client, string? token, string username, Dictionary<string, string> responses,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var answer = AuthService.Required(responses, "ANSWER");
        var session = await sessions.Find(token, client, SelectType, ct);
        var user = await directory.SessionUser(pool, session, username, ct);
        if (!MfaMethods.Usable(pool.Settings, user).Contains(answer))
            throw Errors.MfaMethodNotFound($"{answer} is not an MFA method the user can choose.");
        await sessions.Finish(session, ct);
        return await Challenge(pool, client, user, answer, clientMetadata, ct);
    }

    /// <summary>
    /// Checks the code answering SMS_MFA, EMAIL_OTP, SMS_OTP or SOFTWARE_TOKEN_MFA and returns the user who passed. A wrong
    /// code keeps the session until its attempts run out; a right one ends it.
    /// </summary>
    public async Task<User> Answer(UserPool pool, AppClient client, string challenge, string? token, string username, Dictionary<string, string> responses, CancellationToken ct)
    {
        try
        {
            var user = await Check(pool, client, challenge, token, username, responses, ct);
            Telemetry.MfaChallenge(pool.Id, challenge, Telemetry.Success);
            return user;
        }
        catch (CognitoException refused)
        {
            Telemetry.MfaChallenge(pool.Id, challenge, refused.Type);
            throw;
        }
    }

    private async Task<User> Check(UserPool pool, AppClient client, string challenge, string? token, string username, Dictionary<string, string> responses, CancellationToken ct)
    {
        // amazon-cognito-identity-js answers every code challenge with SMS_MFA_CODE (and TOTP also with SOFTWARE_TOKEN_MFA_CODE).
        if (!responses.TryGetValue(challenge + "_CODE", out var code) && !responses.TryGetValue("SMS_MFA_CODE", out code))
            throw Errors.InvalidParameter($"Missing required parameter {challenge}_CODE");
        var session = await sessions.Attempt(token, client, challenge, ct);
        if (ChallengeSessions.IsDecoy(session))
        {
            // A decoy's code was never sent: every answer is a wrong code.
            unknownUsers.CheckOwner(pool, session, username);
            throw WrongCode();
        }
        var user = await directory.SessionUser(pool, session, username, ct);
        var right = challenge == MfaMethods.SoftwareToken
            ? await ClaimSoftwareTokenCode(user, code, ct)
            : CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(session.Data["code"]), Encoding.ASCII.GetBytes(CodeHash(user, challenge, code)));
        if (!right) throw WrongCode();
        await sessions.Finish(session, ct);
        return user;
    }

    private static CognitoException WrongCode() => Errors.CodeMismatch("Invalid code or auth state for the user.");

    /// <summary>MFA_SETUP answered after VerifySoftwareToken: the returned user has TOTP on and is signed in.</summary>
    public async Task<User> CompleteSetup(UserPool pool, AppClient client, string? token, string username, CancellationToken ct)
    {
        var session = await sessions.Take(token, client, SetupVerified, ct);
        return await directory.SessionUser(pool, session, username, ct);
    }

    private async Task<InitiateAuthResponse> Challenge(UserPool pool, AppClient client, User user, string method, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken ct)
    {
        if (method != MfaMethods.SoftwareToken) return await CodeChallenge(pool, client, user, method, clientMetadata, ct);
        var parameters = new Dictionary<string, string>();
        if (user.SoftwareTokenDeviceName is not null) parameters["FRIENDLY_DEVICE_NAME"] = user.SoftwareTokenDeviceName;
        return await Start(user, client, method, parameters, null, ct);
    }

    /// <summary>
    /// A code to the user's phone (SMS_MFA, SMS_OTP) or email (EMAIL_OTP, as a second factor or as the first of USER_AUTH),
    /// answered through <see cref="Answer"/>. The code lives in the session as a keyed hash: it is good for this sign-in
    /// only, for as long as the session.
    /// </summary>
    public async Task<InitiateAuthResponse> CodeChallenge(UserPool pool, AppClient client, User user, string challenge, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken ct)
    {
        var code = Codes.NewCode();
        var delivery = await messages.SendAuthenticationCode(pool, user, challenge == MfaMethods.Email ? "email" : "phone_number", code,
            new CallerContext(client.Id, clientMetadata), ct);
        var parameters = new Dictionary<string, string>
        {
            ["CODE_DELIVERY_DELIVERY_MEDIUM"] = delivery.DeliveryMedium,
            ["CODE_DELIVERY_DESTINATION"] = delivery.Destination,
        };
        return await Start(user, client, challenge, parameters, new() { ["code"] = CodeHash(user, challenge, code) }, ct);
    }

    private async Task<InitiateAuthResponse> Start(User user, AppClient client, string challenge, Dictionary<string, string> parameters,
        Dictionary<string, string>? data, CancellationToken ct)
    {
        parameters["USER_ID_FOR_SRP"] = user.Username;
        var session = sessions.Start(user, client, challenge, data);
        await db.SaveChangesAsync(ct);
        return new InitiateAuthResponse(challenge, session, parameters, null);
    }

    /// <summary>A TOTP code is good once: its time step is claimed atomically, and only if it is later than the last one used.</summary>
    private async Task<bool> ClaimSoftwareTokenCode(User user, string code, CancellationToken ct)
    {
        if (user.SoftwareTokenSecretCipher is null) throw Errors.SoftwareTokenMfaNotFound("Software Token MFA has not been set up for the user.");
        if (Totp.Match(secrets.Unprotect(user.SoftwareTokenSecretCipher), code, clock.GetUtcNow()) is not { } step) return false;
        var claimed = await db.Users.Where(u => u.Id == user.Id && u.SoftwareTokenLastStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SoftwareTokenLastStep, step), ct);
        return claimed == 1;
    }

    private string CodeHash(User user, string method, string code) => secrets.Mac($"{user.Id:N}|{method}|{code}");
}
