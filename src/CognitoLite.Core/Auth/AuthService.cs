using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Api;
using CognitoLite.Core.Devices;
using CognitoLite.Core.Mfa;
using CognitoLite.Core.Passkeys;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

/// <summary>Sign-in: InitiateAuth and AdminInitiateAuth with the password, SRP, choice-based, custom (Lambda-driven) and refresh
/// flows, their challenges; sign-out and revocation.</summary>
public sealed class AuthService(
    CognitoDbContext db,
    UserDirectory directory,
    PasswordHasher hasher,
    Lockout lockout,
    TokenService tokens,
    ChallengeSessions sessions,
    MfaChallenges mfa,
    UserService users,
    UserMigration migration,
    CustomChallenges custom,
    PasskeySignIn passkeys,
    UnknownUsers unknownUsers,
    SecretProtector secrets,
    LambdaTriggers triggers,
    ThreatProtection threats,
    DeviceTracking devices,
    DeviceChallenges deviceChallenges,
    Audit audit,
    UserPoolLogs logs,
    TimeProvider clock)
{
    private const string SelectChallenge = FirstFactors.SelectChallenge;
    /// <summary>Marks a NEW_PASSWORD_REQUIRED session opened after a sign-in code or a second factor: no MFA follows it.</summary>
    private const string MfaSettled = "mfaSettled";

    /// <summary>
    /// Set by the managed login pages' entry points, which call this per-request service once: the sign-in ends with the
    /// signed-in user (to whom the pages give an authorization code) instead of the API's tokens.
    /// </summary>
    private bool forPages;
    private User? signedInAtPages;

    /// <summary>The ClientMetadata of the InitiateAuth served: Cognito passes it to pre authentication only, as its validationData.</summary>
    private IReadOnlyDictionary<string, string>? validationData;
    /// <summary>The ClientMetadata of the RespondToAuthChallenge served, for post authentication and pre token generation.</summary>
    private IReadOnlyDictionary<string, string>? clientMetadata;

    /// <summary>The DEVICE_KEY of the request served (the client's remembered device), and the user's device it names once known.</summary>
    private string? deviceKey;
    private Device? device;

    /// <summary>The sign-in form of the managed login pages: a password, whatever the client's ExplicitAuthFlows (Cognito's pages sign in with SRP).</summary>
    public Task<PageSignIn> PagePasswordSignIn(UserPool pool, AppClient client, string username, string password, CancellationToken ct) =>
        ForPages(pool, client, username, () => PasswordSignIn(pool, client, new() { ["USERNAME"] = username, ["PASSWORD"] = password }, ct));

    /// <summary>Passwordless sign-in at the pages: a code by email (EMAIL_OTP) or SMS (SMS_OTP), or a passkey (WEB_AUTHN), when the pool and user allow it.</summary>
    public Task<PageSignIn> PageCodeSignIn(UserPool pool, AppClient client, string username, string factor, CancellationToken ct) =>
        ForPages(pool, client, username, () => ChoiceSignIn(pool, client, new() { ["USERNAME"] = username, ["PREFERRED_CHALLENGE"] = factor }, ct));

    /// <summary>A challenge answered at the pages (MFA codes, NEW_PASSWORD_REQUIRED, SELECT_MFA_TYPE, MFA_SETUP, a sign-in code).</summary>
    public Task<PageSignIn> PageRespond(UserPool pool, AppClient client, string challenge, string? session, Dictionary<string, string> responses, CancellationToken ct) =>
        ForPages(pool, client, responses.GetValueOrDefault("USERNAME"), () => Respond(pool, client, challenge, session, responses, ct));

    private async Task<PageSignIn> ForPages(UserPool pool, AppClient client, string? username, Func<Task<InitiateAuthResponse>> signIn)
    {
        forPages = true;
        threats.Begin(pool, client);
        var response = await Refusals(pool, client, username, signIn);
        return signedInAtPages is not null ? new PageSignIn(null, signedInAtPages) : new PageSignIn(response, null);
    }

    private void CheckSecretHash(AppClient client, string? secretHash, params string[] usernames)
    {
        if (!forPages) directory.CheckSecretHash(client, secretHash, usernames);
    }

    public async Task<InitiateAuthResponse> InitiateAuth(InitiateAuthRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        var parameters = request.AuthParameters ?? [];
        validationData = request.ClientMetadata;
        threats.Begin(pool, client, request.UserContextData, parameters);
        deviceKey = parameters.GetValueOrDefault("DEVICE_KEY");
        if (request.AuthFlow is "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN") return await RefreshSignIn(pool, client, parameters, ct);
        return await Refusals(pool, client, parameters.GetValueOrDefault("USERNAME"), async () =>
        {
            switch (request.AuthFlow)
            {
                case "USER_PASSWORD_AUTH":
                    RequireFlow(client, request.AuthFlow, "ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH");
                    return await PasswordSignIn(pool, client, parameters, ct);
                case "USER_SRP_AUTH":
                    RequireFlow(client, request.AuthFlow, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH", legacyAlwaysAllowed: true);
                    return await StartSrp(pool, client, parameters, ct);
                case "USER_AUTH":
                    RequireFlow(client, request.AuthFlow, "ALLOW_USER_AUTH");
                    return await ChoiceSignIn(pool, client, parameters, ct);
                case "CUSTOM_AUTH":
                    RequireFlow(client, request.AuthFlow, "ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY", legacyAlwaysAllowed: true);
                    return await CustomSignIn(pool, client, parameters, ct);
                case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH":
                    throw Errors.InitiateAuthMethodNotSupported();
                default:
                    throw Errors.NotSupportedYet(request.AuthFlow!);
            }
        });
    }

    public async Task<InitiateAuthResponse> AdminInitiateAuth(AdminInitiateAuthRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.UserPoolId!, request.ClientId!, ct);
        var parameters = request.AuthParameters ?? [];
        validationData = request.ClientMetadata;
        threats.Begin(pool, client, request.ContextData, parameters);
        deviceKey = parameters.GetValueOrDefault("DEVICE_KEY");
        if (request.AuthFlow is "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN") return await RefreshSignIn(pool, client, parameters, ct);
        return await Refusals(pool, client, parameters.GetValueOrDefault("USERNAME"), async () =>
        {
            switch (request.AuthFlow)
            {
                case "ADMIN_USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH":
                    RequireFlow(client, "ADMIN_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH");
                    return await PasswordSignIn(pool, client, parameters, ct);
                case "USER_SRP_AUTH":
                    RequireFlow(client, "USER_SRP_AUTH", "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH", legacyAlwaysAllowed: true);
                    return await StartSrp(pool, client, parameters, ct);
                case "USER_AUTH":
                    RequireFlow(client, "USER_AUTH", "ALLOW_USER_AUTH");
                    return await ChoiceSignIn(pool, client, parameters, ct);
                case "CUSTOM_AUTH":
                    RequireFlow(client, "CUSTOM_AUTH", "ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY", legacyAlwaysAllowed: true);
                    return await CustomSignIn(pool, client, parameters, ct);
                case "USER_PASSWORD_AUTH":
                    throw Errors.InitiateAuthMethodNotSupported();
                default:
                    throw Errors.NotSupportedYet(request.AuthFlow!);
            }
        });
    }

    public async Task<Empty> GlobalSignOut(AccessTokenRequest request, CancellationToken ct)
    {
        var token = await tokens.ValidateAccessToken(request.AccessToken!, tracked: false, ct);
        await tokens.RevokeAll(token.User, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminUserGlobalSignOut(AdminUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        await tokens.RevokeAll(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> RevokeToken(RevokeTokenRequest request, CancellationToken ct)
    {
        var (_, client) = await directory.Client(request.ClientId!, ct);
        if (client.Secrets.Count > 0 && !directory.CheckClientSecret(client, request.ClientSecret))
            throw Errors.Unauthorized("Invalid client secret.");
        if (client.Settings.EnableTokenRevocation == false)
            throw Errors.UnsupportedOperation("Token revocation is not enabled for this app client.");
        await tokens.Revoke(client, request.Token!, ct);
        return Empty.Value;
    }

    /// <summary>
    /// GetTokensFromRefreshToken: the refresh of REFRESH_TOKEN_AUTH, authenticated by the raw client secret instead of a
    /// SECRET_HASH, and the only refresh that rotates refresh tokens. A refresh token issued on a device needs its DeviceKey.
    /// </summary>
    public async Task<GetTokensFromRefreshTokenResponse> GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        if (client.Secrets.Count > 0 && request.ClientSecret is null)
            throw Errors.NotAuthorized($"Client {client.Id} is configured with secret but ClientSecret was not received");
        if (!directory.CheckClientSecret(client, request.ClientSecret))
            throw Errors.NotAuthorized($"Unable to verify secret for client {client.Id}");
        var result = await tokens.Refresh(pool, client, request.RefreshToken!, user =>
        {
            if (!user.Enabled) throw Errors.UserDisabled();
        }, ct, request.ClientMetadata, request.DeviceKey);
        return new GetTokensFromRefreshTokenResponse(result);
    }

    private async Task<InitiateAuthResponse> PasswordSignIn(UserPool pool, AppClient client, Dictionary<string, string> parameters, CancellationToken ct)
    {
        var username = Required(parameters, "USERNAME");
        var password = Required(parameters, "PASSWORD");
        CheckSecretHash(client, parameters.GetValueOrDefault("SECRET_HASH"), username);

        // A user the pool does not have may be in the old store the pool's user migration function knows.
        var user = await directory.Find(pool, username, ct) ?? await migration.SignIn(pool, client, username, password, validationData, ct);
        await PreAuthentication(pool, client, username, user, ct);
        if (user is null || AwaitsReset(user))
        {
            if (client.Settings.PreventUserExistenceErrors != "ENABLED")
            {
                await threats.RefuseBlockedAddress(ct);
                throw user is null ? Errors.UserNotFound() : Errors.PasswordResetRequired();
            }
            throw await unknownUsers.PasswordRefusal(pool, deviceKey, password, ct);
        }

        device = await devices.Named(pool, user.Id, deviceKey, ct);
        await CheckPassword(user, password, ct);
        return await FirstFactorPassed(pool, client, user, ct);
    }

    /// <summary>
    /// A user with no password yet (imported from a CSV, or migrated at a password reset) must reset it: told so at the
    /// first step of a password or SRP sign-in, whatever was typed (spec/devices-passkeys-security.md §4), unless the client
    /// prevents user-existence errors: then the sign-in goes as an unknown user's, to "Incorrect username or password."
    /// </summary>
    private static bool AwaitsReset(User user) => user.Status == UserStatus.ResetRequired && user.PasswordHash is null;

    /// <summary>
    /// Pre authentication, once a sign-in has named its user and before any password or code is checked or sent. An unknown
    /// user reaches the function only from a client that prevents user-existence errors (the others say UserNotFound).
    /// </summary>
    private Task PreAuthentication(UserPool pool, AppClient client, string username, User? user, CancellationToken ct) =>
        user is null && client.Settings.PreventUserExistenceErrors != "ENABLED"
            ? Task.CompletedTask
            : triggers.PreAuthentication(pool, client, username, user, validationData, ct);

    /// <summary>
    /// The password check of every password sign-in, under the lockout; a hash of an older cost is redone. The lockout
    /// reservation is given back as a change of the tracked user, committed with what the sign-in writes next.
    /// </summary>
    private async Task CheckPassword(User user, string password, CancellationToken ct)
    {
        await threats.SignInAttempt(user, password, ct);
        await lockout.Reserve(user, ct);
        if (!PasswordHasher.Verify(password, user.PasswordHash))
            throw Errors.IncorrectUsernameOrPassword();
        if (user.PasswordHash is not null && hasher.NeedsRehash(user.PasswordHash)) hasher.SetPassword(user, password);
        lockout.Release(user);
    }

    /// <summary>
    /// The password (or SRP proof) was right: what follows commits the released lockout reservation with the refresh token
    /// or challenge session. A right password that still ends in an error (disabled, unconfirmed, expired temporary
    /// password) gives the reservation back as well. In a CUSTOM_AUTH begun with SRP (<paramref name="customHistory"/>),
    /// the define auth challenge function says what follows the PASSWORD_VERIFIER (and the sign-in is judged when it issues
    /// tokens). On a remembered device, the device proves itself (DEVICE_SRP_AUTH) before any second factor.
    /// </summary>
    private async Task<InitiateAuthResponse> FirstFactorPassed(UserPool pool, AppClient client, User user, CancellationToken ct,
        List<ChallengeResult>? customHistory = null)
    {
        try
        {
            if (customHistory is not null)
                return await CustomStep(pool, client, user.Username, user, [.. customHistory, new ChallengeResult(LambdaTriggers.PasswordVerifier, true, null)], null, ct);
            await threats.FirstFactorPassed(user, ct);
            if (device is { Remembered: true } && user.Status != UserStatus.ForceChangePassword)
            {
                CheckCanSignIn(user);
                return await deviceChallenges.Start(user, client, device, ct);
            }
            return await Authenticated(pool, client, user, askMfa: true, ct);
        }
        catch (CognitoException) when (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
            throw;
        }
    }

    /// <summary>
    /// A factor was passed: the user's state decides between tokens, an error and NEW_PASSWORD_REQUIRED. After a password
    /// (<paramref name="askMfa"/>) the pool's MFA may ask for a second factor; after a code (a second factor, or a sign-in
    /// code, which Cognito takes as a whole sign-in) nothing more is asked. The state is checked again after every step:
    /// the user may have been disabled while a challenge was open.
    /// </summary>
    private async Task<InitiateAuthResponse> Authenticated(UserPool pool, AppClient client, User user, bool askMfa, CancellationToken ct,
        string tokenSource = TriggerSource.TokenGenerationAuthentication)
    {
        CheckCanSignIn(user);
        if (user.Status == UserStatus.ForceChangePassword)
        {
            if (user.TemporaryPasswordExpiresAt <= clock.GetUtcNow().UtcDateTime)
                throw Errors.NotAuthorized("Temporary password has expired and must be reset by an administrator.");
            var session = sessions.Start(user, client, "NEW_PASSWORD_REQUIRED", askMfa ? null : new() { [MfaSettled] = "true" });
            await db.SaveChangesAsync(ct);
            return new InitiateAuthResponse("NEW_PASSWORD_REQUIRED", session, NewPasswordChallenge(pool, user), null);
        }
        return (askMfa ? await mfa.Begin(pool, client, user, clientMetadata, ct) ?? await RiskMfa(pool, client, user, ct) : null)
            ?? await SignedIn(pool, client, user, tokenSource, ct);
    }

    /// <summary>
    /// A second factor that ENFORCED threat protection asks for where the pool's MFA asks none; null when it asks none, or
    /// when the user has no factor to answer with and the action lets the sign-in through (MFA_IF_CONFIGURED).
    /// </summary>
    private async Task<InitiateAuthResponse?> RiskMfa(UserPool pool, AppClient client, User user, CancellationToken ct)
    {
        if (!threats.AsksMfa) return null;
        var challenge = await mfa.ForRisk(pool, client, user, clientMetadata, ct);
        if (challenge is null) await threats.NoMfaPossible(ct);
        return challenge;
    }

    /// <summary>
    /// Every factor passed: post authentication, then the tokens (or, at the pages, the user signed in). In a pool that tracks
    /// devices, the tokens are bound to the user's device the sign-in named, or to a new device whose key they carry
    /// (NewDeviceMetadata). The pages track no devices.
    /// </summary>
    private async Task<InitiateAuthResponse> SignedIn(UserPool pool, AppClient client, User user, string tokenSource, CancellationToken ct)
    {
        var known = forPages ? null : device ?? await devices.Find(pool, user.Id, deviceKey, ct);
        var newDevice = forPages || known is not null || !DeviceTracking.On(pool) ? null : devices.NewDevice(pool, user);
        await triggers.PostAuthentication(pool, client, user, clientMetadata, ct, newDeviceUsed: newDevice is not null);
        if (!forPages)
        {
            if (known is not null) devices.Used(known);
            var result = await tokens.SignIn(pool, client, user, ct, triggerSource: tokenSource, clientMetadata: clientMetadata,
                deviceKey: known?.DeviceKey ?? newDevice?.DeviceKey, eventId: threats.EventId);
            Succeeded(pool, client, user);
            return new(null, null, new Dictionary<string, string>(), result with { NewDeviceMetadata = newDevice });
        }
        // The pages issue the tokens later, for the code: what the sign-in changed (a released lockout) is saved now.
        await db.SaveChangesAsync(ct);
        Succeeded(pool, client, user);
        signedInAtPages = user;
        return new(null, null, [], null);
    }

    /// <summary>The one place a sign-in succeeds, for every flow, the API's and the pages'.</summary>
    private void Succeeded(UserPool pool, AppClient client, User user)
    {
        Telemetry.SignIn(pool.Id, Telemetry.Success);
        audit.SignInSucceeded(pool.Id, client.Id, user.Username, user.Sub);
        logs.SignIn(pool, client.Id, user.Username, errorType: null);
    }

    /// <summary>
    /// A sign-in step (a first factor, or a challenge's answer) whose refusal is counted and audited as a failed sign-in.
    /// Success is <see cref="Succeeded"/>'s; a challenge returned is neither yet.
    /// </summary>
    private async Task<InitiateAuthResponse> Refusals(UserPool pool, AppClient client, string? username, Func<Task<InitiateAuthResponse>> step)
    {
        try
        {
            var response = await step();
            await threats.SignInStepDone(signedIn: response.ChallengeName is null, CancellationToken.None);
            return response;
        }
        catch (CognitoException refused)
        {
            Telemetry.SignIn(pool.Id, refused.Type);
            audit.SignInFailed(pool.Id, client.Id, username, refused.Type);
            await threats.SignInRefused(CancellationToken.None);
            logs.SignIn(pool, client.Id, username, refused.Type);
            throw;
        }
    }

    public async Task<InitiateAuthResponse> RespondToAuthChallenge(RespondToAuthChallengeRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        clientMetadata = request.ClientMetadata;
        var responses = request.ChallengeResponses ?? [];
        threats.Begin(pool, client, request.UserContextData, responses);
        return await Refusals(pool, client, responses.GetValueOrDefault("USERNAME"), () => Respond(pool, client, request.ChallengeName!, request.Session, responses, ct));
    }

    public async Task<InitiateAuthResponse> AdminRespondToAuthChallenge(AdminRespondToAuthChallengeRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.UserPoolId!, request.ClientId!, ct);
        clientMetadata = request.ClientMetadata;
        var responses = request.ChallengeResponses ?? [];
        threats.Begin(pool, client, request.ContextData, responses);
        return await Refusals(pool, client, responses.GetValueOrDefault("USERNAME"), () => Respond(pool, client, request.ChallengeName!, request.Session, responses, ct));
    }

    private async Task<InitiateAuthResponse> Respond(UserPool pool, AppClient client, string challenge, string? sessionToken, Dictionary<string, string> responses, CancellationToken ct)
    {
        deviceKey = responses.GetValueOrDefault("DEVICE_KEY");
        var username = Required(responses, "USERNAME");
        CheckSecretHash(client, responses.GetValueOrDefault("SECRET_HASH"), username);
        switch (challenge)
        {
            case "NEW_PASSWORD_REQUIRED":
                var newPassword = Required(responses, "NEW_PASSWORD");
                // Checked before the session is used up, so that a refused password can be replaced with the same session.
                PasswordPolicy.Check(pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType(), newPassword);
                await threats.ScreenPassword(RiskEvents.PasswordChange, newPassword, null, AuthEvents.PasswordChange, ct);
                var session = await sessions.Take(sessionToken, client, challenge, ct);
                var user = await directory.SessionUser(pool, session, username, ct);
                await CompleteNewPassword(pool, client, user, newPassword, responses, ct);
                return await Authenticated(pool, client, user, askMfa: !session.Data.ContainsKey(MfaSettled), ct, TriggerSource.TokenGenerationNewPasswordChallenge);
            case "PASSWORD_VERIFIER":
                return await VerifySrp(pool, client, username, responses, ct);
            case DeviceChallenges.DeviceSrpAuth:
                return await deviceChallenges.Answer(pool, client, sessionToken, username, responses, ct);
            case DeviceChallenges.DevicePasswordVerifier:
                (var deviceUser, device) = await deviceChallenges.Verify(pool, client, username, responses, ct);
                // The remembered device stands in for the second factor where the pool says so.
                return await Authenticated(pool, client, deviceUser, askMfa: !DeviceTracking.ReplacesMfa(pool), ct, TriggerSource.TokenGenerationAuthenticateDevice);
            case SelectChallenge:
                return await ChooseFirstFactor(pool, client, sessionToken, username, responses, ct);
            case FirstFactors.WebAuthn:
                return await PasskeyAnswer(pool, client, sessionToken, username, responses, ct);
            case MfaMethods.Sms or MfaMethods.Email or MfaMethods.SoftwareToken or FirstFactors.SmsOtp:
                var coded = await mfa.Answer(pool, client, challenge, sessionToken, username, responses, ct);
                // A sign-in code of USER_AUTH is the sign-in's first factor, which threat protection judges; a second factor is not.
                await threats.FirstFactorPassed(coded, ct);
                return await Authenticated(pool, client, coded, askMfa: false, ct);
            case "SELECT_MFA_TYPE":
                return await mfa.Select(pool, client, sessionToken, username, responses, clientMetadata, ct);
            case "MFA_SETUP":
                return await Authenticated(pool, client, await mfa.CompleteSetup(pool, client, sessionToken, username, ct), askMfa: false, ct);
            case LambdaTriggers.CustomChallenge:
                var (answered, history) = await custom.Answer(pool, client, sessionToken, username, Required(responses, "ANSWER"), clientMetadata, ct);
                return await CustomStep(pool, client, answered?.Username ?? username, answered, history, null, ct);
            default:
                throw Errors.NotSupportedYet($"Challenge {challenge}");
        }
    }

    /// <summary>NEW_PASSWORD_REQUIRED answered: the new password and any `userAttributes.*` the client sent (required ones must be there).</summary>
    private async Task CompleteNewPassword(UserPool pool, AppClient client, User user, string newPassword, Dictionary<string, string> responses, CancellationToken ct)
    {
        var given = responses.Where(r => r.Key.StartsWith("userAttributes.", StringComparison.Ordinal))
            .Select(r => new AttributeType { Name = r.Key["userAttributes.".Length..], Value = r.Value }).ToList();
        foreach (var (name, value) in AttributeRules.Check(pool, client, given, creating: false))
            user.Attributes[name] = value;
        AttributeRules.CheckRequired(pool, user.Attributes);
        hasher.SetPassword(user, newPassword);
        user.Status = UserStatus.Confirmed;
        user.TemporaryPasswordExpiresAt = null;
        await users.ClaimAliases(pool, user, force: false, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await users.SaveAliases(pool, ct);
        audit.PasswordChanged(pool.Id, user.Username, "NEW_PASSWORD_REQUIRED");
    }

    /// <summary>
    /// USER_SRP_AUTH step one: the PASSWORD_VERIFIER challenge. The server's secret b stays in the challenge
    /// session (encrypted); SECRET_BLOCK is the session's opaque handle, which the client signs and echoes.
    /// </summary>
    private async Task<InitiateAuthResponse> StartSrp(UserPool pool, AppClient client, Dictionary<string, string> parameters, CancellationToken ct)
    {
        var username = Required(parameters, "USERNAME");
        CheckSecretHash(client, parameters.GetValueOrDefault("SECRET_HASH"), username);
        var srpA = SrpA(parameters);

        var user = await directory.Find(pool, username, ct);
        await PreAuthentication(pool, client, username, user, ct);
        if (user?.SrpVerifier is null)
        {
            if (client.Settings.PreventUserExistenceErrors != "ENABLED")
            {
                if (user is null) throw Errors.UserNotFound();
                if (AwaitsReset(user)) throw Errors.PasswordResetRequired();
            }
            // A decoy, for a user the client must not reveal as for one without an SRP verifier: the answer fails as a wrong password.
            return unknownUsers.PasswordVerifier(pool, client, user?.Username ?? username);
        }
        return await SrpChallenge(client, user, srpA, ct);
    }

    /// <summary>
    /// CUSTOM_AUTH: the pool's define auth challenge function leads the sign-in from its start, with SRP first when the
    /// client asks (CHALLENGE_NAME SRP_A, with SRP_A: the function sees SRP_A, then PASSWORD_VERIFIER, in the session, as
    /// Cognito sends them). Pre authentication runs first; post authentication and pre token generation when the function
    /// issues tokens. The pool's MFA is not asked: the functions decide what the user must answer.
    /// </summary>
    private async Task<InitiateAuthResponse> CustomSignIn(UserPool pool, AppClient client, Dictionary<string, string> parameters, CancellationToken ct)
    {
        var username = Required(parameters, "USERNAME");
        CheckSecretHash(client, parameters.GetValueOrDefault("SECRET_HASH"), username);
        var srpA = parameters.GetValueOrDefault("CHALLENGE_NAME") == LambdaTriggers.SrpA ? SrpA(parameters) : null;
        var user = await directory.Find(pool, username, ct);
        await PreAuthentication(pool, client, username, user, ct);
        if (user is null && client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UserNotFound();
        threats.CustomAuth();
        if (user is null) await threats.RefuseBlockedAddress(ct);
        else
        {
            CheckCanSignIn(user);
            await threats.SignInAttempt(user, null, ct);
        }
        List<ChallengeResult> history = srpA is null ? [] : [new ChallengeResult(LambdaTriggers.SrpA, true, null)];
        return await CustomStep(pool, client, username, user, history, srpA, ct);
    }

    /// <summary>What the define auth challenge function decided, carried out: its challenge, the tokens, or SRP's PASSWORD_VERIFIER.</summary>
    private async Task<InitiateAuthResponse> CustomStep(UserPool pool, AppClient client, string username, User? user, List<ChallengeResult> history, string? srpA,
        CancellationToken ct)
    {
        var step = await custom.Next(pool, client, username, user, history, clientMetadata, ct);
        if (step.Challenge is { } challenge) return challenge;
        if (step.IssueTokens)
        {
            await threats.FirstFactorPassed(user!, ct);
            return await Authenticated(pool, client, user!, askMfa: false, ct);
        }
        // PASSWORD_VERIFIER, which the function may ask for only right after SRP_A, so srpA is the client's.
        return user?.SrpVerifier is null ? unknownUsers.PasswordVerifier(pool, client, user?.Username ?? username) : await SrpChallenge(client, user, srpA!, ct, history);
    }

    /// <summary>SRP_A as the client sent it: a hexadecimal number that is not 0 mod N (which would make the proof worthless).</summary>
    internal static string SrpA(Dictionary<string, string> parameters)
    {
        var srpA = Required(parameters, "SRP_A");
        if (srpA.Length > 2048 || !srpA.All(char.IsAsciiHexDigit)) throw Errors.InvalidParameter("SRP_A must be a hexadecimal number.");
        if ((Srp.FromHex(srpA) % Srp.N).IsZero) throw Errors.IncorrectUsernameOrPassword();
        return srpA;
    }

    /// <summary>The PASSWORD_VERIFIER challenge for a user with an SRP verifier; in a CUSTOM_AUTH, its session keeps the challenges so far.</summary>
    private async Task<InitiateAuthResponse> SrpChallenge(AppClient client, User user, string srpA, CancellationToken ct, List<ChallengeResult>? customHistory = null)
    {
        var (b, serverB) = Srp.ServerKeys(Srp.FromHex(user.SrpVerifier!));
        var data = new Dictionary<string, string>
        {
            ["A"] = srpA,
            ["b"] = secrets.Protect(Srp.ToHex(b)),
        };
        if (customHistory is not null) CustomChallenges.Keep(data, customHistory);
        var token = sessions.Start(user, client, "PASSWORD_VERIFIER", data);
        await db.SaveChangesAsync(ct);
        return PasswordVerifier(user.Username, user.SrpSalt!, serverB, Convert.ToBase64String(Encoding.ASCII.GetBytes(token)));
    }

    internal static InitiateAuthResponse PasswordVerifier(string userId, string saltHex, BigInteger serverB, string secretBlock) =>
        new("PASSWORD_VERIFIER", null, new Dictionary<string, string>
        {
            ["SALT"] = saltHex,
            ["SRP_B"] = Srp.ToHex(serverB),
            ["SECRET_BLOCK"] = secretBlock,
            ["USER_ID_FOR_SRP"] = userId,
            ["USERNAME"] = userId,
        }, null);

    /// <summary>USER_SRP_AUTH step two: the client's PASSWORD_CLAIM_SIGNATURE proves the password without sending it.</summary>
    private async Task<InitiateAuthResponse> VerifySrp(UserPool pool, AppClient client, string username, Dictionary<string, string> responses, CancellationToken ct)
    {
        var block = Required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        var signature = Required(responses, "PASSWORD_CLAIM_SIGNATURE");
        var timestamp = Timestamp(responses, clock);

        AuthSession session;
        byte[] blockBytes, claimed;
        try
        {
            blockBytes = Convert.FromBase64String(block);
            claimed = Convert.FromBase64String(signature);
            session = await sessions.Find(Encoding.ASCII.GetString(blockBytes), client, "PASSWORD_VERIFIER", ct);
        }
        catch (Exception e) when (e is FormatException or CognitoException)
        {
            // An unknown, replayed or expired secret block, or one from a decoy: indistinguishable from a wrong password.
            await threats.RefuseBlockedAddress(ct);
            throw Errors.IncorrectUsernameOrPassword();
        }
        // A stale DEVICE_KEY is refused before the session is used up: the client drops the key and answers again.
        device = await devices.Named(pool, session.UserId, deviceKey, ct);
        try
        {
            await sessions.Finish(session, ct);
        }
        catch (CognitoException)
        {
            throw Errors.IncorrectUsernameOrPassword();
        }
        if (ChallengeSessions.IsDecoy(session)) throw await unknownUsers.ProofRefusal(pool, session, username, ct);
        var user = await directory.SessionUser(pool, session, username, ct);

        var customHistory = CustomChallenges.HistoryOf(session);
        if (customHistory is not null) threats.CustomAuth();
        await threats.SignInAttempt(user, null, ct);
        await lockout.Reserve(user, ct);
        var expected = Srp.ExpectedSignature(Srp.PoolName(pool.Id), user.Username, Srp.FromHex(session.Data["A"]),
            Srp.FromHex(secrets.Unprotect(session.Data["b"])), Srp.FromHex(user.SrpVerifier!), blockBytes, timestamp);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(expected, claimed))
            throw Errors.IncorrectUsernameOrPassword();
        lockout.Release(user);
        return await FirstFactorPassed(pool, client, user, ct, customHistory);
    }

    /// <summary>
    /// USER_AUTH, choice-based sign-in: the PREFERRED_CHALLENGE when the pool's sign-in policy and the user allow it,
    /// otherwise SELECT_CHALLENGE with the challenges this user can answer (AvailableChallenges). A preferred password
    /// goes the way of USER_PASSWORD_AUTH (PASSWORD in the parameters) or USER_SRP_AUTH (SRP_A), unknown users included;
    /// the other answers for a user the client must not reveal are <see cref="UnknownUsers"/>' decoys.
    /// </summary>
    private async Task<InitiateAuthResponse> ChoiceSignIn(UserPool pool, AppClient client, Dictionary<string, string> parameters, CancellationToken ct)
    {
        FirstFactors.CheckTier(pool);
        var username = Required(parameters, "USERNAME");
        CheckSecretHash(client, parameters.GetValueOrDefault("SECRET_HASH"), username);
        var preferred = parameters.GetValueOrDefault("PREFERRED_CHALLENGE");
        if (preferred is not null && !FirstFactors.Names.Contains(preferred))
            throw Errors.InvalidParameter($"PREFERRED_CHALLENGE must be one of {string.Join(", ", FirstFactors.Names)}.");
        var offered = FirstFactors.OfPool(pool.Settings);
        if (preferred == FirstFactors.Password && offered.Contains(preferred)) return await PasswordSignIn(pool, client, parameters, ct);
        if (preferred == FirstFactors.PasswordSrp && offered.Contains(preferred)) return await StartSrp(pool, client, parameters, ct);

        var user = await directory.Find(pool, username, ct);
        await PreAuthentication(pool, client, username, user, ct);
        if (user is null && client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UserNotFound();
        List<string> available = user is null ? [] : FirstFactors.Of(pool.Settings, user, await passkeys.Has(user, ct));
        if (user is null || available.Count == 0)
        {
            // An unknown user, or one without a factor (which a real user's answer would reveal), gets decoys when the client hides users.
            if (client.Settings.PreventUserExistenceErrors == "ENABLED")
            {
                // A preference still offered here is a code or a passkey, which a known user is refused from a blocked address.
                if (preferred is not null && offered.Contains(preferred)) await threats.RefuseBlockedAddress(ct);
                return await unknownUsers.FirstFactor(pool, client, username, preferred, ct);
            }
            throw FirstFactors.NoneAvailable();
        }
        if (preferred == FirstFactors.WebAuthn && available.Contains(preferred)) return await PasskeyChallenge(pool, client, user, ct);
        // The password choices were taken above, so a preference still available here is a sign-in code.
        if (preferred is not null && available.Contains(preferred)) return await CodeSignIn(pool, client, user, preferred, ct);
        var session = sessions.Start(user, client, SelectChallenge);
        await db.SaveChangesAsync(ct);
        return new InitiateAuthResponse(SelectChallenge, session, [], null, available);
    }

    /// <summary>
    /// SELECT_CHALLENGE answered with one of the AvailableChallenges: PASSWORD (with the password) signs in like
    /// USER_PASSWORD_AUTH, PASSWORD_SRP (with SRP_A) continues with PASSWORD_VERIFIER, EMAIL_OTP and SMS_OTP send a code,
    /// WEB_AUTHN gives the WEB_AUTHN challenge (what Amplify's confirmSignIn sends and expects).
    /// </summary>
    private async Task<InitiateAuthResponse> ChooseFirstFactor(UserPool pool, AppClient client, string? token, string username,
        Dictionary<string, string> responses, CancellationToken ct)
    {
        var answer = Required(responses, "ANSWER");
        var session = await sessions.Find(token, client, SelectChallenge, ct);
        if (ChallengeSessions.IsDecoy(session)) return await unknownUsers.Choose(pool, client, session, username, answer, responses, deviceKey, ct);
        var user = await directory.SessionUser(pool, session, username, ct);
        if (!FirstFactors.Of(pool.Settings, user, await passkeys.Has(user, ct)).Contains(answer)) throw FirstFactors.NotAvailable(answer);
        // What the choice needs is checked before the session is used up, so that a malformed answer can be sent again.
        var password = answer == FirstFactors.Password ? Required(responses, "PASSWORD") : null;
        var srpA = answer == FirstFactors.PasswordSrp ? SrpA(responses) : null;
        if (password is not null) device = await devices.Named(pool, user.Id, deviceKey, ct);
        await sessions.Finish(session, ct);
        if (password is not null)
        {
            await CheckPassword(user, password, ct);
            return await FirstFactorPassed(pool, client, user, ct);
        }
        // AWS documents a one-step form, ANSWER=WEB_AUTHN with a CREDENTIAL; but no challenge was issued in this session for a
        // passkey to sign, so such a credential is over some other challenge and refused as any such assertion is.
        if (answer == FirstFactors.WebAuthn && !string.IsNullOrEmpty(responses.GetValueOrDefault("CREDENTIAL"))) throw PasskeySignIn.Refused();
        if (answer == FirstFactors.WebAuthn) return await PasskeyChallenge(pool, client, user, ct);
        return srpA is not null ? await SrpChallenge(client, user, srpA, ct) : await CodeSignIn(pool, client, user, answer, ct);
    }

    /// <summary>EMAIL_OTP or SMS_OTP as the first factor: the sign-in (as threat protection records it) begins, and the code is sent.</summary>
    private async Task<InitiateAuthResponse> CodeSignIn(UserPool pool, AppClient client, User user, string factor, CancellationToken ct)
    {
        await threats.SignInAttempt(user, null, ct);
        return await mfa.CodeChallenge(pool, client, user, factor, clientMetadata, ct);
    }

    internal const string CredentialRequestOptions = "CREDENTIAL_REQUEST_OPTIONS";

    /// <summary>WEB_AUTHN: the options for the browser's navigator.credentials.get; the session keeps what checks the answer.</summary>
    private async Task<InitiateAuthResponse> PasskeyChallenge(UserPool pool, AppClient client, User user, CancellationToken ct)
    {
        await threats.SignInAttempt(user, null, ct);
        var (options, kept) = await passkeys.Challenge(pool, user, ct);
        var session = sessions.Start(user, client, FirstFactors.WebAuthn, kept);
        await db.SaveChangesAsync(ct);
        return new InitiateAuthResponse(FirstFactors.WebAuthn, session, new() { [CredentialRequestOptions] = options }, null);
    }

    /// <summary>
    /// WEB_AUTHN answered with the browser's assertion (CREDENTIAL): a whole sign-in, as a sign-in code is, so no MFA follows;
    /// except that with FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION only a passkey that verified its user counts
    /// as both factors, and after one that did not the pool's MFA is asked.
    /// </summary>
    private async Task<InitiateAuthResponse> PasskeyAnswer(UserPool pool, AppClient client, string? token, string username,
        Dictionary<string, string> responses, CancellationToken ct)
    {
        var credential = Required(responses, "CREDENTIAL");
        var session = await sessions.Take(token, client, FirstFactors.WebAuthn, ct);
        if (ChallengeSessions.IsDecoy(session)) throw unknownUsers.PasskeyRefusal(pool, session, username, credential);
        var user = await directory.SessionUser(pool, session, username, ct);
        var verified = await passkeys.Verify(pool, user, session.Data, credential, ct);
        await threats.FirstFactorPassed(user, ct);
        var askMfa = pool.Settings.WebAuthnConfiguration?.FactorConfiguration == "MULTI_FACTOR_WITH_USER_VERIFICATION" && !verified;
        return await Authenticated(pool, client, user, askMfa, ct);
    }

    private async Task<InitiateAuthResponse> RefreshSignIn(UserPool pool, AppClient client, Dictionary<string, string> parameters, CancellationToken ct)
    {
        // A client that rotates refresh tokens refreshes only with GetTokensFromRefreshToken (spec/devices-passkeys-security.md §5).
        if (client.Settings.RefreshTokenRotation?.Feature == "ENABLED")
            throw Errors.InvalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client");
        RequireFlow(client, "REFRESH_TOKEN_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH", legacyAlwaysAllowed: true);
        var refreshToken = Required(parameters, "REFRESH_TOKEN");
        var result = await tokens.Refresh(pool, client, refreshToken, user =>
        {
            // The secret hash may be computed over the username or the sub (clients differ; spec/user-pools.md §4).
            CheckSecretHash(client, parameters.GetValueOrDefault("SECRET_HASH"), user.Username, user.Sub.ToString());
            if (!user.Enabled) throw Errors.UserDisabled();
        }, ct, deviceKey: deviceKey);
        return new InitiateAuthResponse(null, null, new Dictionary<string, string>(), result);
    }

    private static void CheckCanSignIn(User user)
    {
        if (!user.Enabled) throw Errors.UserDisabled();
        switch (user.Status)
        {
            case UserStatus.Unconfirmed: throw Errors.UserNotConfirmed();
            case UserStatus.ResetRequired: throw Errors.PasswordResetRequired();
            case UserStatus.Confirmed or UserStatus.ForceChangePassword: return;
            default: throw Errors.NotAuthorized($"User cannot sign in. Current status is {user.Status}");
        }
    }

    /// <summary>NEW_PASSWORD_REQUIRED parameters: both JSON strings, as amazon-cognito-identity-js parses them unconditionally.</summary>
    internal static Dictionary<string, string> NewPasswordChallenge(UserPool pool, User user)
    {
        var shown = user.Attributes.Where(a => a.Key is not ("email_verified" or "phone_number_verified") && !a.Key.StartsWith("dev:", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value);
        var required = pool.Settings.SchemaAttributes
            .Where(a => a.Required == true && a.Name != "sub" && !user.Attributes.ContainsKey(a.Name!))
            .Select(a => "userAttributes." + a.Name).ToList();
        return new Dictionary<string, string>
        {
            ["USER_ID_FOR_SRP"] = user.Username,
            ["requiredAttributes"] = System.Text.Json.JsonSerializer.Serialize(required),
            ["userAttributes"] = System.Text.Json.JsonSerializer.Serialize(shown),
        };
    }

    private static void RequireFlow(AppClient client, string flow, string allowFlag, string? legacyFlag = null, bool legacyAlwaysAllowed = false)
    {
        var flows = client.Settings.ExplicitAuthFlows ?? [];
        var legacyStyle = flows.Count > 0 && !flows[0].StartsWith("ALLOW_", StringComparison.Ordinal);
        if (flows.Contains(allowFlag) || legacyFlag is not null && flows.Contains(legacyFlag) || legacyStyle && legacyAlwaysAllowed) return;
        throw Errors.InvalidParameter($"{flow} flow not enabled for this client");
    }

    /// <summary>The TIMESTAMP an SRP answer was signed at, in Cognito's format and near the server's time.</summary>
    internal static string Timestamp(Dictionary<string, string> responses, TimeProvider clock)
    {
        var timestamp = Required(responses, "TIMESTAMP");
        if (!DateTime.TryParseExact(timestamp, "ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
            throw Errors.InvalidParameter("TIMESTAMP format is invalid.");
        if ((signedAt - clock.GetUtcNow().UtcDateTime).Duration() > TimeSpan.FromMinutes(15))
            throw Errors.NotAuthorized("TIMESTAMP is too far from the server's time.");
        return timestamp;
    }

    internal static string Required(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw Errors.InvalidParameter($"Missing required parameter {name}");
}
