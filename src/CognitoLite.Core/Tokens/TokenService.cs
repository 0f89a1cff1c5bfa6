using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Tokens;

/// <summary>IdToken is null only for an OAuth sign-in without the openid scope; NewDeviceMetadata only for a sign-in on a new device.</summary>
public sealed record AuthenticationResultType(string AccessToken, int ExpiresIn, string TokenType, string? RefreshToken, string? IdToken,
    NewDeviceMetadataType? NewDeviceMetadata = null);

/// <summary>The key a pool that tracks devices gives a sign-in on a new device, which the client confirms (ConfirmDevice) with its group key.</summary>
public sealed record NewDeviceMetadataType(string DeviceKey, string DeviceGroupKey);

/// <summary>
/// What a sign-in at the managed login pages grants beyond the API's: the scopes the authorize request was granted (kept
/// by the refresh token), its nonce (into the first id token only), when the user signed in at the pages, and the grant's
/// type (authorization_code or implicit, as the metrics count it).
/// </summary>
public sealed record OAuthGrant(IReadOnlyList<string> Scopes, string? Nonce, DateTime AuthTime, string Type);

/// <summary>What a valid access token says, after every check.</summary>
public sealed record AccessTokenClaims(User User, string ClientId, Guid OriginJti, IReadOnlyList<string> Scopes);

/// <summary>
/// The one token minter: id and access JWTs with exactly Cognito's claims (spec/tokens.md §2), opaque refresh
/// tokens stored hashed, and the checks every access-token call makes (signature, expiry, use, pool, revocation).
/// </summary>
public sealed class TokenService(CognitoDbContext db, SigningKeys keys, VerifiedAccessTokens verifiedTokens, Issuer issuer, LambdaTriggers triggers, Audit audit,
    TimeProvider clock)
{
    public const string AdminScope = "aws.cognito.signin.user.admin";

    /// <summary>
    /// A new sign-in: a refresh token (a new origin) and the id and access tokens it starts with. The pre token generation
    /// trigger is told <paramref name="triggerSource"/> (by default TokenGeneration_Authentication, or _HostedAuth for a
    /// grant of the managed login pages) and the caller's ClientMetadata. A sign-in on a device binds the refresh token to
    /// <paramref name="deviceKey"/>. The tokens' event_id is <paramref name="eventId"/> (the sign-in's auth event) or a new
    /// one, and every refresh of the family keeps it.
    /// </summary>
    public async Task<AuthenticationResultType> SignIn(UserPool pool, AppClient client, User user, CancellationToken ct, OAuthGrant? grant = null,
        string? triggerSource = null, IReadOnlyDictionary<string, string>? clientMetadata = null, string? deviceKey = null, string? eventId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var refreshToken = NewRefreshToken();
        var row = new RefreshToken
        {
            Id = Guid.NewGuid(),
            TokenHash = SecretProtector.HashToken(refreshToken),
            OriginJti = Guid.NewGuid(),
            UserPoolId = pool.Id,
            ClientId = client.Id,
            UserId = user.Id,
            AuthTime = grant?.AuthTime ?? now,
            ExpiresAt = now + Validity(client.Settings.RefreshTokenValidity, client.Settings.TokenValidityUnits?.RefreshToken, "days", TimeSpan.FromDays(30)),
            Scopes = grant is null ? null : string.Join(' ', grant.Scopes),
            DeviceKey = deviceKey,
            EventId = eventId ?? Guid.NewGuid().ToString(),
        };
        triggerSource ??= grant is null ? TriggerSource.TokenGenerationAuthentication : TriggerSource.TokenGenerationHostedAuth;
        // The claims first: a pre token generation function that refuses leaves no refresh token behind.
        var claims = await Claims(pool, client, user, row, triggerSource, clientMetadata, ct, grant?.Nonce);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return Issued(pool, grant?.Type ?? "sign_in", await Sign(pool, claims, refreshToken, ct));
    }

    /// <summary>
    /// REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken: new id and access tokens of the same origin. With the client's
    /// refresh token rotation on, a new refresh token too, which takes the family's place; the one it replaces keeps
    /// working for the client's RetryGracePeriodSeconds (for retries) and is refused as reused after that. A refresh token
    /// issued on a device works only with that <paramref name="deviceKey"/>, and only while the device is confirmed.
    /// </summary>
    public async Task<AuthenticationResultType> Refresh(UserPool pool, AppClient client, string refreshToken, Action<User> checkUser, CancellationToken ct,
        IReadOnlyDictionary<string, string>? clientMetadata = null, string? deviceKey = null)
    {
        var hash = SecretProtector.HashToken(refreshToken);
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var found = await FindFamily(hash, ct);
            var row = found?.Row;
            if (row is null || row.ClientId != client.Id || row.UserPoolId != pool.Id)
                throw Errors.InvalidRefreshToken();
            if (row.RevokedAt is not null) throw Errors.NotAuthorized("Refresh Token has been revoked");
            if (row.ExpiresAt <= now) throw Errors.NotAuthorized("Refresh Token has expired");
            if (found!.ReplacedUntil <= now) throw Errors.RefreshTokenReuse();
            if (row.DeviceKey is not null && (row.DeviceKey != deviceKey || !await db.Devices.AnyAsync(d => d.DeviceKey == row.DeviceKey, ct)))
                throw Errors.InvalidRefreshToken();
            checkUser(found.User);

            // The claims before any rotation: a pre token generation function that refuses leaves the family as it was.
            var claims = await Claims(pool, client, found.User, row, TriggerSource.TokenGenerationRefreshTokens, clientMetadata, ct);
            if (client.Settings.RefreshTokenRotation?.Feature != "ENABLED")
                return Issued(pool, "refresh_token", await Sign(pool, claims, null, ct));
            var rotated = await Rotate(row, TimeSpan.FromSeconds(client.Settings.RefreshTokenRotation.RetryGracePeriodSeconds ?? 0), now, ct);
            if (rotated is not null) return Issued(pool, "refresh_token", await Sign(pool, claims, rotated, ct));
            // Another refresh of this family replaced its token first: look again, as a retry within the grace period.
        }
    }

    private sealed record Family(RefreshToken Row, User User, DateTime? ReplacedUntil);

    /// <summary>The family a refresh token belongs to: as its current token, or as one that rotation replaced.</summary>
    private async Task<Family?> FindFamily(string hash, CancellationToken ct) =>
        await CurrentFamily.For(db)(db, hash, ct) ?? await ReplacedFamily.For(db)(db, hash, ct);

    // Every refresh runs these (and the token's claims' GroupsOf): compiled, so no LINQ tree is rebuilt per call.
    private static readonly CompiledQuery<Func<CognitoDbContext, string, CancellationToken, Task<Family?>>> CurrentFamily = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string hash, CancellationToken _) =>
            db.RefreshTokens.AsNoTracking().Where(t => t.TokenHash == hash)
                .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new Family(t, u, null))
                .FirstOrDefault()));

    private static readonly CompiledQuery<Func<CognitoDbContext, string, CancellationToken, Task<Family?>>> ReplacedFamily = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string hash, CancellationToken _) =>
            db.RotatedRefreshTokens.AsNoTracking().Where(r => r.TokenHash == hash)
                .Join(db.RefreshTokens, r => r.RefreshTokenId, t => t.Id, (r, t) => new { r.ValidUntil, Row = t })
                .Join(db.Users, x => x.Row.UserId, u => u.Id, (x, u) => new Family(x.Row, u, x.ValidUntil))
                .FirstOrDefault()));

    private static readonly CompiledQuery<Func<CognitoDbContext, Guid, IAsyncEnumerable<Group>>> GroupsOf = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, Guid userId) =>
            db.GroupMemberships.AsNoTracking().Where(m => m.UserId == userId)
                .Join(db.Groups, m => new { m.UserPoolId, m.GroupName }, g => new { g.UserPoolId, g.GroupName }, (m, g) => g)));

    /// <summary>
    /// Gives the family a new current token and keeps the one it replaces, valid for the grace period; null when the
    /// family changed since it was read (another refresh rotated it, or it was revoked). Only the current token as read
    /// is swapped, so of two refreshes racing, one rotates and the other looks again.
    /// </summary>
    private async Task<string?> Rotate(RefreshToken family, TimeSpan grace, DateTime now, CancellationToken ct)
    {
        var token = NewRefreshToken();
        var hash = SecretProtector.HashToken(token);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var swapped = await db.RefreshTokens.Where(t => t.Id == family.Id && t.TokenHash == family.TokenHash && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TokenHash, hash), ct);
        if (swapped == 0) return null;
        db.RotatedRefreshTokens.Add(new RotatedRefreshToken { TokenHash = family.TokenHash, RefreshTokenId = family.Id, ValidUntil = now + grace });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return token;
    }

    /// <summary>
    /// The one check of an access token, made by every token-authenticated operation (GetUser, GlobalSignOut, the account
    /// and MFA operations): signature, expiry, use, pool, revocation, an enabled user and the self-service scope. Loads the
    /// user (tracked when the caller changes it); the revocation check and the user are one query. The token must carry
    /// one of <paramref name="requiredScopes"/> (the self-service scope unless the caller names others: userInfo wants openid).
    /// </summary>
    public async Task<AccessTokenClaims> ValidateAccessToken(string token, bool tracked, CancellationToken ct, params string[] requiredScopes)
    {
        var verified = verifiedTokens.Find(token);
        if (verified is null)
        {
            verified = await Verify(token, ct);
            verifiedTokens.Remember(token, verified);
        }
        else if (verified.ExpiresAt <= clock.GetUtcNow().ToUnixTimeSeconds())
        {
            throw Errors.AccessTokenExpired();
        }

        Telemetry.Describe(verified.Key.UserPoolId, verified.ClientId);
        var user = await (tracked ? TrackedActiveUser : ActiveUser).For(db)(db, verified.Key.UserPoolId, verified.Sub, verified.OriginJti, ct)
            ?? throw Errors.NotAuthorized("Access Token has been revoked");
        if (!user.Enabled) throw Errors.UserDisabled();
        if (!(requiredScopes.Length == 0 ? [AdminScope] : requiredScopes).Any(verified.Scopes.Contains))
            throw Errors.NotAuthorized("Access Token does not have required scopes");
        return new AccessTokenClaims(user, verified.ClientId, verified.OriginJti, verified.Scopes);
    }

    private async Task<VerifiedAccessToken> Verify(string token, CancellationToken ct)
    {
        var parsed = Jwt.Parse(token) ?? throw Errors.InvalidAccessToken();
        var (header, claims, signingInput, signature) = parsed;
        if (header["alg"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)header["alg"] != "RS256" ||
            header["kid"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            throw Errors.InvalidAccessToken();
        var key = await keys.ByKid((string)header["kid"]!, ct);
        if (key is null || !Jwt.Verify(key.Rsa, signingInput, signature)) throw Errors.InvalidAccessToken();

        if (Text(claims, "token_use") != "access") throw Errors.InvalidAccessToken();
        var iss = Text(claims, "iss");
        if (iss is null || !iss.EndsWith("/" + key.UserPoolId, StringComparison.Ordinal)) throw Errors.InvalidAccessToken();
        if (claims["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var expires)) throw Errors.InvalidAccessToken();
        if (expires <= clock.GetUtcNow().ToUnixTimeSeconds()) throw Errors.AccessTokenExpired();
        if (!Guid.TryParse(Text(claims, "origin_jti"), out var origin) || !Guid.TryParse(Text(claims, "sub"), out var sub))
            throw Errors.InvalidAccessToken();
        var scopes = (Text(claims, "scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new VerifiedAccessToken(key, expires, origin, sub, Text(claims, "client_id") ?? "", scopes);
    }

    // Every token-authenticated call runs this query.
    private static readonly CompiledQuery<Func<CognitoDbContext, string, Guid, Guid, CancellationToken, Task<User?>>> ActiveUser = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string poolId, Guid sub, Guid origin, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.UserPoolId == poolId && u.Sub == sub &&
                db.RefreshTokens.Any(t => t.OriginJti == origin && t.UserId == u.Id && t.RevokedAt == null))));

    private static readonly CompiledQuery<Func<CognitoDbContext, string, Guid, Guid, CancellationToken, Task<User?>>> TrackedActiveUser = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string poolId, Guid sub, Guid origin, CancellationToken _) =>
            db.Users.FirstOrDefault(u => u.UserPoolId == poolId && u.Sub == sub &&
                db.RefreshTokens.Any(t => t.OriginJti == origin && t.UserId == u.Id && t.RevokedAt == null))));

    /// <summary>GlobalSignOut / AdminUserGlobalSignOut: every refresh token of the user, and so every token from them, stops working.</summary>
    public async Task RevokeAll(User user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        audit.SignedOutEverywhere(user.UserPoolId, user.Username);
    }

    /// <summary>
    /// RevokeToken: the refresh token and the tokens issued from it, and with rotation its whole family (the tokens it
    /// replaced and those that replaced it); only the client it was issued to may revoke it.
    /// </summary>
    public async Task Revoke(AppClient client, string refreshToken, CancellationToken ct)
    {
        if (Jwt.Parse(refreshToken) is not null) throw Errors.UnsupportedTokenType("The token provided is not a refresh token.");
        var family = await FindFamily(SecretProtector.HashToken(refreshToken), ct);
        if (family is null || family.Row.ClientId != client.Id) throw Errors.NotAuthorized("Invalid token");
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.Id == family.Row.Id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        audit.TokenRevoked(family.User.UserPoolId, client.Id, family.User.Username);
    }

    /// <summary>
    /// A client_credentials access token, as Cognito shapes it: the client is the subject, no user, no origin (so no
    /// user-token check accepts it), the granted scopes and the client's access token validity.
    /// </summary>
    public async Task<(string AccessToken, int ExpiresIn)> ClientCredentials(UserPool pool, AppClient client, IEnumerable<string> scopes, CancellationToken ct)
    {
        var key = await keys.ForPool(pool.Id, ct);
        var iat = clock.GetUtcNow().ToUnixTimeSeconds();
        var validity = Validity(client.Settings.AccessTokenValidity, client.Settings.TokenValidityUnits?.AccessToken, "hours", TimeSpan.FromHours(1));
        var access = new JsonObject
        {
            ["sub"] = client.Id,
            ["token_use"] = "access",
            ["scope"] = string.Join(' ', scopes),
            ["auth_time"] = iat,
            ["iss"] = issuer.For(pool.Id),
            ["exp"] = iat + (long)validity.TotalSeconds,
            ["iat"] = iat,
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["client_id"] = client.Id,
        };
        var customization = await triggers.PreTokenGenerationForClient(pool, client, access["scope"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries), ct);
        customization?.ApplyTo(new JsonObject(), access);
        var token = Jwt.Sign(key, access);
        Telemetry.TokenIssued(pool.Id, "client_credentials");
        return (token, (int)validity.TotalSeconds);
    }

    public async Task<JsonObject> Jwks(string userPoolId, CancellationToken ct)
    {
        var poolKeys = await keys.AllForPool(userPoolId, ct);
        var array = new JsonArray();
        foreach (var key in poolKeys)
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            array.Add(new JsonObject
            {
                ["alg"] = "RS256",
                ["e"] = Jwt.Base64Url(parameters.Exponent),
                ["kid"] = key.Kid,
                ["kty"] = "RSA",
                ["n"] = Jwt.Base64Url(parameters.Modulus),
                ["use"] = "sig",
            });
        }
        return new JsonObject { ["keys"] = array };
    }

    /// <summary>The claims of an access token and an id token (null when none is issued), ready to sign.</summary>
    private sealed record TokenClaims(JsonObject Access, JsonObject? Id, int ExpiresIn);

    /// <summary>
    /// The claims Cognito puts in a pair of tokens of <paramref name="origin"/>'s family, as the pool's pre token generation
    /// trigger (if any) changes them.
    /// </summary>
    private async Task<TokenClaims> Claims(UserPool pool, AppClient client, User user, RefreshToken origin, string triggerSource,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct, string? nonce = null)
    {
        var now = clock.GetUtcNow();
        var iat = now.ToUnixTimeSeconds();
        var authTime = new DateTimeOffset(DateTime.SpecifyKind(origin.AuthTime, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var settings = client.Settings;
        var accessValidity = Validity(settings.AccessTokenValidity, settings.TokenValidityUnits?.AccessToken, "hours", TimeSpan.FromHours(1));
        var idValidity = Validity(settings.IdTokenValidity, settings.TokenValidityUnits?.IdToken, "hours", TimeSpan.FromHours(1));
        var iss = issuer.For(pool.Id);
        // Refresh tokens issued before they kept their sign-in's event_id get a new one with each pair.
        var eventId = origin.EventId ?? Guid.NewGuid().ToString();

        var id = new JsonObject { ["sub"] = user.Sub.ToString() };
        foreach (var (name, value) in ReadableAttributes(pool, client, user))
            id[name] = ClaimValue(pool, name, value);
        var groups = new List<Group>();
        await foreach (var group in GroupsOf.For(db)(db, user.Id).WithCancellation(ct)) groups.Add(group);
        groups = groups.OrderBy(g => g.Precedence ?? int.MaxValue).ThenBy(g => g.GroupName, StringComparer.Ordinal).ToList();
        var groupNames = groups.Select(g => g.GroupName).ToList();
        var roles = groups.Where(g => g.RoleArn is not null).ToList();
        var roleArns = roles.Select(g => g.RoleArn!).Distinct().ToList();
        // The role of the group with the lowest precedence, unless groups tied at that precedence disagree.
        var best = roles.Where(g => g.Precedence == roles[0].Precedence).Select(g => g.RoleArn).Distinct().ToList();
        var preferredRole = best.Count == 1 ? best[0] : null;
        if (groupNames.Count > 0) id["cognito:groups"] = new JsonArray([.. groupNames.Select(g => JsonValue.Create(g))]);
        if (roleArns.Count > 0) id["cognito:roles"] = new JsonArray([.. roleArns.Select(r => JsonValue.Create(r))]);
        if (preferredRole is not null) id["cognito:preferred_role"] = preferredRole;
        id["iss"] = iss;
        id["cognito:username"] = user.Username;
        id["origin_jti"] = origin.OriginJti.ToString();
        id["aud"] = client.Id;
        id["event_id"] = eventId;
        id["token_use"] = "id";
        id["auth_time"] = authTime;
        id["exp"] = iat + (long)idValidity.TotalSeconds;
        id["iat"] = iat;
        id["jti"] = Guid.NewGuid().ToString();
        if (nonce is not null) id["nonce"] = nonce;

        var scope = origin.Scopes ?? AdminScope;
        var access = new JsonObject
        {
            ["sub"] = user.Sub.ToString(),
            ["iss"] = iss,
            ["client_id"] = client.Id,
            ["origin_jti"] = origin.OriginJti.ToString(),
            ["event_id"] = eventId,
            ["token_use"] = "access",
            ["scope"] = scope,
            ["auth_time"] = authTime,
            ["exp"] = iat + (long)accessValidity.TotalSeconds,
            ["iat"] = iat,
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = user.Username,
        };
        if (origin.DeviceKey is not null) access["device_key"] = origin.DeviceKey;
        // Tokens of the OAuth endpoints carry the token format's version, as Cognito's do; the API's do not.
        if (origin.Scopes is not null) access["version"] = 2;
        if (groupNames.Count > 0) access["cognito:groups"] = new JsonArray([.. groupNames.Select(g => JsonValue.Create(g))]);

        var customization = await triggers.PreTokenGeneration(pool, triggerSource, client, user, new GroupConfiguration(groupNames, roleArns, preferredRole),
            scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), clientMetadata, ct);
        customization?.ApplyTo(id, access);
        // An OAuth sign-in without openid gets no id token (OpenID Connect Core §3.1.2.1), on refresh as well.
        var withId = origin.Scopes is null || origin.Scopes.Split(' ').Contains("openid");
        return new TokenClaims(access, withId ? id : null, (int)accessValidity.TotalSeconds);
    }

    /// <summary>Counts the tokens minted, by grant (sign_in, authorization_code, implicit, refresh_token).</summary>
    private static AuthenticationResultType Issued(UserPool pool, string grant, AuthenticationResultType tokens)
    {
        Telemetry.TokenIssued(pool.Id, grant);
        return tokens;
    }

    private async Task<AuthenticationResultType> Sign(UserPool pool, TokenClaims claims, string? refreshToken, CancellationToken ct)
    {
        var key = await keys.ForPool(pool.Id, ct);
        // An RSA signature is the largest single cost of a sign-in or refresh after bcrypt: the two run side by side.
        var accessToken = Task.Run(() => Jwt.Sign(key, claims.Access), ct);
        var idToken = claims.Id is null ? null : Jwt.Sign(key, claims.Id);
        return new AuthenticationResultType(await accessToken, claims.ExpiresIn, "Bearer", refreshToken, idToken);
    }

    /// <summary>The attributes a client may read (its ReadAttributes, or all), minus developer-only ones.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ReadableAttributes(UserPool pool, AppClient client, User user)
    {
        var readable = client.Settings.ReadAttributes;
        return user.Attributes.Where(a => a.Key != "sub" && !a.Key.StartsWith("dev:", StringComparison.Ordinal) &&
            (readable is not { Count: > 0 } || readable.Contains(a.Key)));
    }

    /// <summary>The `identities` attribute as the ID token's claim: the array with every value as a string (`"primary":"true"`), null staying null.</summary>
    private static JsonNode IdentitiesClaim(string attribute)
    {
        try
        {
            if (JsonNode.Parse(attribute) is JsonArray array)
                return new JsonArray([.. array.OfType<JsonObject>().Select(entry => new JsonObject(entry.Select(p => KeyValuePair.Create(p.Key,
                    p.Value is null ? null : (JsonNode?)(p.Value.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString())))))]);
        }
        catch (JsonException)
        {
        }
        return attribute;
    }

    /// <summary>Booleans and numbers of the schema become JSON booleans and numbers in the id token.</summary>
    private static JsonNode? ClaimValue(UserPool pool, string name, string value)
    {
        // A federated user's `identities` attribute is JSON text; the claim is the array itself, its values strings, as Cognito's.
        if (name == "identities") return IdentitiesClaim(value);
        var type = pool.Settings.SchemaAttributes.FirstOrDefault(a => a.Name == name)?.AttributeDataType;
        if (!name.StartsWith("custom:", StringComparison.Ordinal))
        {
            if (type == "Boolean" && bool.TryParse(value, out var flag)) return flag;
            if (type == "Number" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return number;
        }
        return value;
    }

    public static TimeSpan Validity(int? value, string? unit, string defaultUnit, TimeSpan fallback) => value switch
    {
        null => fallback,
        _ => (unit ?? defaultUnit) switch
        {
            "seconds" => TimeSpan.FromSeconds(value.Value),
            "minutes" => TimeSpan.FromMinutes(value.Value),
            "hours" => TimeSpan.FromHours(value.Value),
            _ => TimeSpan.FromDays(value.Value),
        },
    };

    private static string? Text(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string NewRefreshToken() => Jwt.Base64Url(RandomNumberGenerator.GetBytes(48));

}
