using CognitoLite.Core.Mfa;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// The authenticator app (AssociateSoftwareToken, VerifySoftwareToken): for a signed-in user (AccessToken), or inside
/// the MFA_SETUP challenge (Session), which is why it lives with the challenges.
/// </summary>
public sealed class SoftwareTokenSetup(
    CognitoDbContext db,
    UserDirectory directory,
    TokenService tokens,
    ChallengeSessions sessions,
    SecretProtector secrets,
    Audit audit,
    TimeProvider clock)
{
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
        if (caller.Session is not null) audit.MfaEnabled(user.UserPoolId, user.Username, MfaMethods.SoftwareToken);
        return new VerifySoftwareTokenResponse("SUCCESS", next);
    }

    /// <summary>The signed-in user (AccessToken), or the user in the middle of MFA_SETUP (Session) with the session and its client.</summary>
    private sealed record Caller(User User, UserPool Pool, AppClient? Client, AuthSession? Session);

    private async Task<Caller> Identify(string? accessToken, string? sessionToken, CancellationToken ct)
    {
        if (accessToken is not null)
        {
            var token = await tokens.ValidateAccessToken(accessToken, tracked: true, ct);
            return new Caller(token.User, await directory.Pool(token.User.UserPoolId, ct), null, null);
        }
        if (sessionToken is null) throw Errors.InvalidParameter("Either AccessToken or Session is required.");
        // An attempt is reserved because VerifySoftwareToken checks a code with the session; a wrong code leaves it usable.
        var session = await sessions.Attempt(sessionToken, client: null, MfaChallenges.Setup, ct);
        var (pool, client) = await directory.Client(session.ClientId, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId, ct) ?? throw Errors.InvalidSession();
        return new Caller(user, pool, client, session);
    }

    private async Task Save(User user, CancellationToken ct)
    {
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
