using CognitoLite.Core.Api;
using CognitoLite.Core.Auth;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Mfa;

/// <summary>A user's second factors: Set/AdminSetUserMFAPreference, and the authenticator app (Associate/VerifySoftwareToken).</summary>
public sealed class MfaService(
    CognitoDbContext db,
    UserDirectory directory,
    TokenService tokens,
    ChallengeSessions sessions,
    SecretProtector secrets,
    TimeProvider clock)
{
    public async Task<Empty> SetUserMFAPreference(SetUserMfaPreferenceRequest request, CancellationToken ct)
    {
        var user = (await Identify(request.AccessToken, null, ct)).User;
        Apply(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings);
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminSetUserMFAPreference(AdminSetUserMfaPreferenceRequest request, CancellationToken ct)
    {
        var user = await directory.Require(await directory.Pool(request.UserPoolId!, ct), request.Username!, ct);
        Apply(user, request.SMSMfaSettings, request.SoftwareTokenMfaSettings, request.EmailMfaSettings);
        await Save(user, ct);
        return Empty.Value;
    }

    /// <summary>A new TOTP secret for the user's authenticator app. It stays pending, and any verified one keeps working,
    /// until VerifySoftwareToken proves the app has it.</summary>
    public async Task<AssociateSoftwareTokenResponse> AssociateSoftwareToken(AssociateSoftwareTokenRequest request, CancellationToken ct)
    {
        var caller = await Identify(request.AccessToken, request.Session, ct);
        if (!MfaMethods.OfPool(caller.Pool.Settings).Contains(MfaMethods.SoftwareToken))
            throw Errors.SoftwareTokenMfaNotFound("Software Token MFA has not been enabled by the userPool.");
        var secret = Totp.NewSecret();
        caller.User.PendingSoftwareTokenSecretCipher = secrets.Protect(secret);
        string? next = null;
        if (caller.Session is not null)
        {
            await sessions.Finish(caller.Session, ct);
            next = sessions.Start(caller.User, caller.Client!, MfaChallenges.Setup);
        }
        await Save(caller.User, ct);
        return new AssociateSoftwareTokenResponse(secret, next);
    }

    public async Task<VerifySoftwareTokenResponse> VerifySoftwareToken(VerifySoftwareTokenRequest request, CancellationToken ct)
    {
        var caller = await Identify(request.AccessToken, request.Session, ct);
        var user = caller.User;
        if (user.PendingSoftwareTokenSecretCipher is null)
            throw Errors.SoftwareTokenMfaNotFound("Software Token MFA has not been associated with the user.");
        var step = Totp.Match(secrets.Unprotect(user.PendingSoftwareTokenSecretCipher), request.UserCode!, clock.GetUtcNow())
            ?? throw Errors.EnableSoftwareTokenMfa();

        user.SoftwareTokenSecretCipher = user.PendingSoftwareTokenSecretCipher;
        user.PendingSoftwareTokenSecretCipher = null;
        // The code that proved the app cannot be used again to sign in.
        user.SoftwareTokenLastStep = step;
        user.SoftwareTokenDeviceName = request.FriendlyDeviceName;
        string? next = null;
        if (caller.Session is not null)
        {
            await sessions.Finish(caller.Session, ct);
            // Inside MFA_SETUP, verifying the app is how a user of a pool that requires MFA turns it on.
            user.SoftwareTokenMfaEnabled = true;
            next = sessions.Start(user, caller.Client!, MfaChallenges.SetupVerified);
        }
        await Save(user, ct);
        return new VerifySoftwareTokenResponse("SUCCESS", next);
    }

    /// <summary>The signed-in user (AccessToken), or the user in the middle of MFA_SETUP (Session) with the session and its client.</summary>
    private sealed record Caller(User User, UserPool Pool, AppClient? Client, AuthSession? Session);

    private async Task<Caller> Identify(string? accessToken, string? sessionToken, CancellationToken ct)
    {
        if (accessToken is not null)
        {
            var token = await tokens.ValidateAccessToken(accessToken, tracked: true, ct);
            if (!token.Scopes.Contains(TokenService.AdminScope)) throw Errors.NotAuthorized("Access Token does not have required scopes");
            return new Caller(token.User, await directory.Pool(token.User.UserPoolId, ct), null, null);
        }
        if (sessionToken is null) throw Errors.InvalidParameter("Either AccessToken or Session is required.");
        // An attempt is reserved because VerifySoftwareToken checks a code with the session; a wrong code leaves it usable.
        var session = await sessions.Attempt(sessionToken, client: null, MfaChallenges.Setup, ct);
        var (pool, client) = await directory.Client(session.ClientId, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId, ct) ?? throw Errors.NotAuthorized("Invalid session for the user.");
        return new Caller(user, pool, client, session);
    }

    /// <summary>Each settings object given turns its factor on or off and may make it the preferred one; absent ones stay as they are.</summary>
    private static void Apply(User user, MfaSettingsType? sms, MfaSettingsType? softwareToken, MfaSettingsType? email)
    {
        if (new[] { sms, softwareToken, email }.Count(s => s?.PreferredMfa == true) > 1)
            throw Errors.InvalidParameter("Only one MFA method can be set as preferred.");
        user.SmsMfaEnabled = Decide(user, MfaMethods.Sms, sms, user.SmsMfaEnabled);
        user.SoftwareTokenMfaEnabled = Decide(user, MfaMethods.SoftwareToken, softwareToken, user.SoftwareTokenMfaEnabled);
        user.EmailMfaEnabled = Decide(user, MfaMethods.Email, email, user.EmailMfaEnabled);
    }

    private static bool Decide(User user, string method, MfaSettingsType? settings, bool enabled)
    {
        if (settings is null) return enabled;
        // PreferredMfa alone turns the factor on: a preferred factor that is off would never be asked for.
        var on = settings.Enabled ?? (enabled || settings.PreferredMfa == true);
        if (on) CheckCanEnable(user, method);
        if (settings.PreferredMfa == true)
        {
            if (!on) throw Errors.InvalidParameter($"{method} cannot be preferred while it is disabled.");
            user.PreferredMfa = method;
        }
        else if (user.PreferredMfa == method && (!on || settings.PreferredMfa == false))
        {
            user.PreferredMfa = null;
        }
        return on;
    }

    /// <summary>A factor needs somewhere to send codes, or a verified authenticator app.</summary>
    private static void CheckCanEnable(User user, string method)
    {
        switch (method)
        {
            case MfaMethods.Sms when !user.Attributes.ContainsKey("phone_number"):
            case MfaMethods.Email when !user.Attributes.ContainsKey("email"):
                throw Errors.InvalidParameter($"User does not have delivery config set to turn on {method}");
            case MfaMethods.SoftwareToken when user.SoftwareTokenSecretCipher is null:
                throw Errors.InvalidParameter(user.PendingSoftwareTokenSecretCipher is null
                    ? "User has not set up software token mfa"
                    : "User has not verified software token mfa");
        }
    }

    private async Task Save(User user, CancellationToken ct)
    {
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
