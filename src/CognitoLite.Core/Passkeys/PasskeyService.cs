using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Passkeys;

/// <summary>
/// A signed-in user's passkeys: StartWebAuthnRegistration and CompleteWebAuthnRegistration (attestation verified by
/// Fido2: `none` and `packed`, among the formats it knows), ListWebAuthnCredentials, DeleteWebAuthnCredential.
/// </summary>
public sealed class PasskeyService(
    CognitoDbContext db,
    TokenService tokens,
    UserDirectory directory,
    RelyingParties relyingParties,
    TimeProvider clock)
{
    /// <summary>The step name of a pending registration among the challenge sessions, keyed by the hash of its challenge.</summary>
    public const string Registration = "WEB_AUTHN_REGISTRATION";
    /// <summary>How long a registration challenge waits for CompleteWebAuthnRegistration.</summary>
    public static readonly TimeSpan RegistrationLifetime = TimeSpan.FromMinutes(5);
    /// <summary>Passkeys one user may have (a cap of CognitoLite's; AWS's is not documented).</summary>
    public const int MaxPerUser = 20;

    public async Task<StartWebAuthnRegistrationResponse> StartWebAuthnRegistration(AccessTokenRequest request, CancellationToken ct)
    {
        var (user, clientId) = await SignedIn(request.AccessToken!, ct);
        return new StartWebAuthnRegistrationResponse(await StartRegistration(user, clientId, ct));
    }

    public async Task<Empty> CompleteWebAuthnRegistration(CompleteWebAuthnRegistrationRequest request, CancellationToken ct)
    {
        var (user, clientId) = await SignedIn(request.AccessToken!, ct);
        await CompleteRegistration(user, clientId, request.Credential!.Value, ct);
        return Empty.Value;
    }

    /// <summary>
    /// The CredentialCreationOptions of a new registration for a user signed in with this client (by access token, or at
    /// the managed login pages); the challenge waits for <see cref="CompleteRegistration"/>.
    /// </summary>
    public async Task<JsonObject> StartRegistration(User user, string clientId, CancellationToken ct)
    {
        var pool = await EnabledPool(user, ct);
        var party = await relyingParties.Of(pool, ct);
        // Registrations never completed would otherwise stay: a user's expired ones go when the user starts another.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AuthSessions.Where(s => s.UserId == user.Id && s.ChallengeName == Registration && s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var existing = await db.WebAuthnCredentials.AsNoTracking().Where(c => c.UserId == user.Id).ToListAsync(ct);
        if (existing.Count >= MaxPerUser) throw TooMany();

        var options = party.Fido2().RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(user), Name = user.Username, DisplayName = user.Username },
            ExcludeCredentials = existing.Select(c => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(c.CredentialId))).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = party.Requirement },
            AttestationPreference = AttestationConveyancePreference.None,
            PubKeyCredParams = [PubKeyCredParam.ES256, PubKeyCredParam.RS256],
        });
        db.AuthSessions.Add(new AuthSession
        {
            TokenHash = SecretProtector.HashToken(Base64Url.EncodeToString(options.Challenge)),
            UserId = user.Id,
            ClientId = clientId,
            ChallengeName = Registration,
            Data = new() { ["options"] = options.ToJson() },
            ExpiresAt = now + RegistrationLifetime,
        });
        await db.SaveChangesAsync(ct);
        return CreationOptions(options);
    }

    /// <summary>
    /// The browser's new credential (RegistrationResponseJSON), checked against the live challenge it signed: its origin
    /// must fit the relying party, its authenticator data must name the relying party, and its attestation must verify.
    /// The challenge is used once.
    /// </summary>
    public async Task CompleteRegistration(User user, string clientId, JsonElement response, CancellationToken ct)
    {
        var pool = await EnabledPool(user, ct);
        var credential = Read<AuthenticatorAttestationRawResponse>(response);
        var clientData = ClientData(credential.Response?.ClientDataJson);

        var hash = SecretProtector.HashToken(clientData.Challenge);
        var pending = await db.AuthSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.TokenHash == hash && s.ChallengeName == Registration && s.UserId == user.Id, ct);
        if (pending is null || pending.ExpiresAt <= clock.GetUtcNow().UtcDateTime) throw Errors.WebAuthnChallengeNotFound();
        if (pending.ClientId != clientId) throw Errors.WebAuthnClientMismatch();
        if (await db.AuthSessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct) == 0) throw Errors.WebAuthnChallengeNotFound();
        // Several registrations may have been started before the user reached the cap.
        if (await db.WebAuthnCredentials.CountAsync(c => c.UserId == user.Id, ct) >= MaxPerUser) throw TooMany();

        var options = CredentialCreateOptions.FromJson(pending.Data["options"]);
        var party = await relyingParties.Of(pool, ct) with { Id = options.Rp.Id };
        if (!party.Allows(clientData.Origin))
            throw Errors.WebAuthnOriginNotAllowed($"The origin {clientData.Origin} is not allowed for the relying party {party.Id}.");

        RegisteredPublicKeyCredential registered;
        try
        {
            registered = await party.Fido2(clientData.Origin).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = credential,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = async (args, token) =>
                {
                    var id = Base64Url.EncodeToString(args.CredentialId);
                    return !await db.WebAuthnCredentials.AnyAsync(c => c.UserPoolId == pool.Id && c.CredentialId == id, token);
                },
            }, ct);
        }
        catch (Fido2VerificationException refused)
        {
            throw RegistrationRefused(refused);
        }

        var attachment = response.TryGetProperty("authenticatorAttachment", out var given) && given.ValueKind == JsonValueKind.String
            ? given.GetString()
            : null;
        db.WebAuthnCredentials.Add(new WebAuthnCredential
        {
            UserPoolId = pool.Id,
            CredentialId = Base64Url.EncodeToString(registered.Id),
            UserId = user.Id,
            PublicKey = registered.PublicKey,
            SignCount = registered.SignCount,
            RelyingPartyId = party.Id,
            AuthenticatorAttachment = attachment is "platform" or "cross-platform" ? attachment : null,
            AuthenticatorTransports = (registered.Transports ?? []).Select(Name).ToList(),
            FriendlyCredentialName = attachment switch
            {
                "cross-platform" => "Roaming passkey",
                "platform" => "Platform passkey",
                _ => "Passkey",
            },
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (race.IsUniqueViolation())
        {
            // The same passkey completed twice at once: the check above saw neither.
            throw AlreadyRegistered();
        }
    }

    public async Task<ListWebAuthnCredentialsResponse> ListWebAuthnCredentials(ListWebAuthnCredentialsRequest request, CancellationToken ct)
    {
        var (user, _) = await SignedIn(request.AccessToken!, ct);
        var limit = request.MaxResults is null or 0 ? MaxPerUser : request.MaxResults.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.WebAuthnCredentials.AsNoTracking().Where(c => c.UserId == user.Id);
        if (after is not null) query = query.Where(c => string.Compare(c.CredentialId, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(c => c.CredentialId).Take(limit + 1).ToListAsync(ct), limit, c => c.CredentialId);
        return new ListWebAuthnCredentialsResponse(page.Select(c => new WebAuthnCredentialDescription(
            c.CredentialId, c.FriendlyCredentialName, c.RelyingPartyId, c.AuthenticatorAttachment, c.AuthenticatorTransports,
            new DateTimeOffset(DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc)))).ToList(), next);
    }

    public async Task<Empty> DeleteWebAuthnCredential(DeleteWebAuthnCredentialRequest request, CancellationToken ct)
    {
        var (user, _) = await SignedIn(request.AccessToken!, ct);
        var deleted = await db.WebAuthnCredentials.Where(c => c.UserId == user.Id && c.CredentialId == request.CredentialId).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw Errors.ResourceNotFound("Credential does not exist.");
        return Empty.Value;
    }

    private async Task<(User User, string ClientId)> SignedIn(string accessToken, CancellationToken ct)
    {
        var token = await tokens.ValidateAccessToken(accessToken, tracked: false, ct);
        return (token.User, token.ClientId);
    }

    /// <summary>The user's pool, which must allow passkeys as a first factor (its SignInPolicy has WEB_AUTHN).</summary>
    private async Task<UserPool> EnabledPool(User user, CancellationToken ct)
    {
        var pool = await directory.Pool(user.UserPoolId, ct);
        if (!Enabled(pool)) throw Errors.WebAuthnNotEnabled();
        return pool;
    }

    public static bool Enabled(UserPool pool) => pool.Settings.Policies.SignInPolicy?.AllowedFirstAuthFactors?.Contains("WEB_AUTHN") == true;

    /// <summary>The WebAuthn user handle: the user's sub as UTF-8, as Cognito sends it (base64url in the options).</summary>
    public static byte[] UserHandle(User user) => Encoding.UTF8.GetBytes(user.Sub.ToString());

    /// <summary>StartWebAuthnRegistration's CredentialCreationOptions in Cognito's shape (no attestation, extensions or hints).</summary>
    private static JsonObject CreationOptions(CredentialCreateOptions options) => new()
    {
        ["authenticatorSelection"] = new JsonObject
        {
            ["requireResidentKey"] = true,
            ["residentKey"] = "required",
            ["userVerification"] = options.AuthenticatorSelection.UserVerification == UserVerificationRequirement.Required ? "required" : "preferred",
        },
        ["challenge"] = Base64Url.EncodeToString(options.Challenge),
        ["excludeCredentials"] = new JsonArray([.. options.ExcludeCredentials.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = Base64Url.EncodeToString(c.Id),
            ["type"] = "public-key",
        })]),
        ["pubKeyCredParams"] = new JsonArray([.. options.PubKeyCredParams.Select(p => (JsonNode)new JsonObject { ["alg"] = (int)p.Alg, ["type"] = "public-key" })]),
        ["rp"] = new JsonObject { ["id"] = options.Rp.Id, ["name"] = options.Rp.Name },
        ["timeout"] = options.Timeout,
        ["user"] = new JsonObject
        {
            ["displayName"] = options.User.DisplayName,
            ["id"] = Base64Url.EncodeToString(options.User.Id),
            ["name"] = options.User.Name,
        },
    };

    /// <summary>A credential object from the browser (RegistrationResponseJSON or AuthenticationResponseJSON) as Fido2 reads it.</summary>
    internal static T Read<T>(JsonElement json) where T : class
    {
        try
        {
            return json.Deserialize<T>() ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw Errors.InvalidParameter($"The passkey credential is not a valid WebAuthn response: {e.Message}");
        }
    }

    internal sealed record ClientDataFields(string Challenge, string? Origin);

    /// <summary>The challenge (base64url, as signed) and origin of a response's clientDataJSON, before Fido2 checks the rest.</summary>
    internal static ClientDataFields ClientData(byte[]? clientDataJson)
    {
        try
        {
            var data = JsonNode.Parse(clientDataJson ?? [])!.AsObject();
            return new ClientDataFields((string?)data["challenge"] ?? throw new JsonException("no challenge"), (string?)data["origin"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw Errors.InvalidParameter("The passkey credential's clientDataJSON is not valid.");
        }
    }

    private static CognitoException RegistrationRefused(Fido2VerificationException refused) => refused.Code switch
    {
        Fido2ErrorCode.InvalidRpidHash => Errors.WebAuthnRelyingPartyMismatch(),
        Fido2ErrorCode.UserVerificationRequirementNotMet or Fido2ErrorCode.CredentialAlgorithmRequirementNotMet or Fido2ErrorCode.UnknownAttestationType
            or Fido2ErrorCode.UnimplementedAlgorithm => Errors.WebAuthnCredentialNotSupported($"The passkey is not supported: {refused.Message}"),
        Fido2ErrorCode.NonUniqueCredentialId => AlreadyRegistered(),
        _ => Errors.InvalidParameter($"The passkey credential could not be verified: {refused.Message}"),
    };

    private static CognitoException AlreadyRegistered() => Errors.InvalidParameter("The passkey is already registered.");

    private static CognitoException TooMany() => Errors.LimitExceeded($"A user can have at most {MaxPerUser} passkeys.");

    private static string Name(AuthenticatorTransport transport) => transport switch
    {
        AuthenticatorTransport.Usb => "usb",
        AuthenticatorTransport.Nfc => "nfc",
        AuthenticatorTransport.Ble => "ble",
        AuthenticatorTransport.SmartCard => "smart-card",
        AuthenticatorTransport.Hybrid => "hybrid",
        _ => "internal",
    };
}
