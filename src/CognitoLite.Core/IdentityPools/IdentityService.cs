using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Api;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.IdentityPools;

/// <summary>
/// Identities of identity pools (spec/identity-pools.md §4): GetId, GetCredentialsForIdentity, GetOpenIdToken, the
/// developer-authenticated identity operations, UnlinkIdentity, and the admin views ListIdentities, DescribeIdentity and
/// DeleteIdentities. One login (provider, subject) names one identity; several logins may name the same one.
/// </summary>
public sealed class IdentityService(
    CognitoDbContext db,
    LoginVerifier verifier,
    OpenIdTokens openIdTokens,
    TemporaryCredentials credentials,
    TimeProvider clock)
{
    public const string LoginsDontMatch = "Logins don't match. Please include at least one valid login for this identity or identity pool.";
    public const string GuestsRefused = "Unauthenticated access is not supported for this identity pool.";
    public const string SessionName = "CognitoIdentityCredentials";
    private static readonly TimeSpan OpenIdTokenLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CredentialsLifetime = TimeSpan.FromHours(1);

    public async Task<GetIdResponse> GetId(GetIdRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        var logins = await verifier.VerifyAll(pool, request.Logins, ct);
        if (logins.Count == 0 && !pool.Settings.AllowUnauthenticatedIdentities) throw Errors.NotAuthorized(GuestsRefused);
        return new GetIdResponse(await Resolve(pool, identityId: null, logins, ct));
    }

    public async Task<GetCredentialsForIdentityResponse> GetCredentialsForIdentity(GetCredentialsForIdentityRequest request, CancellationToken ct)
    {
        var (pool, identity, logins) = await SignIn(request.IdentityId!, request.Logins, ct);
        var role = RoleResolver.Resolve(pool.Settings, logins, request.CustomRoleArn);
        var issued = await credentials.Issue(new CredentialSession
        {
            RoleArn = role,
            RoleSessionName = SessionName,
            Provider = OpenIdTokens.Provider,
            Subject = identity.Id,
            IdentityId = identity.Id,
            Audience = pool.Id,
            Amr = Amr(logins),
            PrincipalTags = PrincipalTags(pool.Settings, logins),
            Duration = CredentialsLifetime,
        }, ct);
        return new GetCredentialsForIdentityResponse(identity.Id,
            new Credentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, new DateTimeOffset(DateTime.SpecifyKind(issued.Expiration, DateTimeKind.Utc))));
    }

    public async Task<OpenIdTokenResponse> GetOpenIdToken(GetOpenIdTokenRequest request, CancellationToken ct)
    {
        var (pool, identity, logins) = await SignIn(request.IdentityId!, request.Logins, ct);
        var token = await openIdTokens.Mint(identity.Id, pool.Id, Amr(logins), PrincipalTags(pool.Settings, logins), OpenIdTokenLifetime, ct);
        return new OpenIdTokenResponse(identity.Id, token);
    }

    /// <summary>
    /// The developer's backend vouches for its user (`DeveloperProviderName: userIdentifier`); other logins in the map are
    /// verified and linked too. A user identifier already linked to another identity than the one named is refused.
    /// </summary>
    public async Task<OpenIdTokenResponse> GetOpenIdTokenForDeveloperIdentity(GetOpenIdTokenForDeveloperIdentityRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        var developer = pool.Settings.DeveloperProviderName;
        if (developer is null || !request.Logins!.TryGetValue(developer, out var userIdentifier)) throw Errors.NotAuthorized(LoginVerifier.NotSupported);
        if (request.IdentityId is not null) await FindIdentity(request.IdentityId, pool.Id, ct);
        var owner = await Owner(pool.Id, developer, userIdentifier, ct);
        if (request.IdentityId is not null && owner is not null && owner != request.IdentityId)
            throw Errors.DeveloperUserAlreadyRegistered("The developer user identifier is already registered with a different identity ID.");

        var logins = await verifier.VerifyAll(pool, request.Logins.Where(l => l.Key != developer).ToDictionary(), ct);
        logins.Insert(0, new VerifiedLogin
        {
            ProviderName = developer,
            Subject = userIdentifier,
            RoleMappingKey = developer,
            Amr = [developer, $"{developer}:{pool.Id}:{userIdentifier}"],
            Claims = [],
        });
        var identityId = await Resolve(pool, request.IdentityId ?? owner, logins, ct);
        var token = await openIdTokens.Mint(identityId, pool.Id, Amr(logins), request.PrincipalTags, TimeSpan.FromSeconds(request.TokenDuration ?? 900), ct);
        return new OpenIdTokenResponse(identityId, token);
    }

    public async Task<LookupDeveloperIdentityResponse> LookupDeveloperIdentity(LookupDeveloperIdentityRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        if (request.IdentityId is null && request.DeveloperUserIdentifier is null)
            throw Errors.InvalidParameter("Either IdentityId or DeveloperUserIdentifier must be specified.");
        var developer = pool.Settings.DeveloperProviderName ?? throw Errors.ResourceNotFound("The identity pool has no developer provider.");
        var identityId = request.IdentityId;
        if (request.DeveloperUserIdentifier is not null)
        {
            var owner = await Owner(pool.Id, developer, request.DeveloperUserIdentifier, ct) ?? throw Errors.ResourceNotFound("The developer user identifier was not found.");
            if (identityId is not null && owner != identityId)
                throw Errors.ResourceConflict("The developer user identifier is linked to a different identity.");
            identityId = owner;
        }
        else
        {
            await FindIdentity(identityId!, pool.Id, ct);
        }

        var limit = request.MaxResults ?? 60;
        var after = PageToken.Decode(request.NextToken);
        var query = db.IdentityLogins.AsNoTracking().Where(l => l.IdentityPoolId == pool.Id && l.ProviderName == developer && l.IdentityId == identityId);
        if (after is not null) query = query.Where(l => string.Compare(l.Subject, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(l => l.Subject).Take(limit + 1).ToListAsync(ct), limit, l => l.Subject);
        return new LookupDeveloperIdentityResponse(identityId!, page.Select(l => l.Subject).ToList(), next);
    }

    /// <summary>Every login of the source user's identity moves to the destination user's identity; the source identity goes.</summary>
    public async Task<GetIdResponse> MergeDeveloperIdentities(MergeDeveloperIdentitiesRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        var developer = Developer(pool, request.DeveloperProviderName!);
        var source = await Owner(pool.Id, developer, request.SourceUserIdentifier!, ct) ?? throw Errors.ResourceNotFound("The source developer user identifier was not found.");
        var destination = await Owner(pool.Id, developer, request.DestinationUserIdentifier!, ct) ?? throw Errors.ResourceNotFound("The destination developer user identifier was not found.");
        if (source == destination) return new GetIdResponse(destination);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.IdentityLogins.Where(l => l.IdentityId == source).ExecuteUpdateAsync(s => s.SetProperty(l => l.IdentityId, destination), ct);
        await db.Identities.Where(i => i.Id == source).ExecuteDeleteAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Identities.Where(i => i.Id == destination).ExecuteUpdateAsync(s => s.SetProperty(i => i.ModifiedAt, now), ct);
        await transaction.CommitAsync(ct);
        return new GetIdResponse(destination);
    }

    public async Task<Empty> UnlinkDeveloperIdentity(UnlinkDeveloperIdentityRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        var developer = Developer(pool, request.DeveloperProviderName!);
        await FindIdentity(request.IdentityId!, pool.Id, ct);
        var removed = await db.IdentityLogins
            .Where(l => l.IdentityPoolId == pool.Id && l.ProviderName == developer && l.Subject == request.DeveloperUserIdentifier && l.IdentityId == request.IdentityId)
            .ExecuteDeleteAsync(ct);
        if (removed == 0) throw Errors.ResourceNotFound("The developer user identifier is not linked to this identity.");
        return Empty.Value;
    }

    /// <summary>The caller proves the identity is theirs with a linked login, then removes the logins named.</summary>
    public async Task<Empty> UnlinkIdentity(UnlinkIdentityRequest request, CancellationToken ct)
    {
        var identity = await FindIdentity(request.IdentityId!, poolId: null, ct);
        var pool = await IdentityPoolService.Find(db, identity.IdentityPoolId, ct);
        var logins = await verifier.VerifyAll(pool, request.Logins, ct);
        if (!await OwnsAny(identity, logins, ct)) throw Errors.NotAuthorized(LoginsDontMatch);
        var names = request.LoginsToRemove!.Select(n => LoginVerifier.UserPoolProviderName(n) ?? n).ToList();
        await db.IdentityLogins.Where(l => l.IdentityId == identity.Id && names.Contains(l.ProviderName)).ExecuteDeleteAsync(ct);
        identity.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<ListIdentitiesResponse> ListIdentities(ListIdentitiesRequest request, CancellationToken ct)
    {
        var pool = await IdentityPoolService.Find(db, request.IdentityPoolId!, ct);
        var limit = request.MaxResults!.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.Identities.AsNoTracking().Where(i => i.IdentityPoolId == pool.Id);
        if (after is not null) query = query.Where(i => string.Compare(i.Id, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(i => i.Id).Take(limit + 1).ToListAsync(ct), limit, i => i.Id);
        var ids = page.Select(i => i.Id).ToList();
        var providers = (await db.IdentityLogins.AsNoTracking().Where(l => ids.Contains(l.IdentityId)).Select(l => new { l.IdentityId, l.ProviderName }).ToListAsync(ct))
            .ToLookup(l => l.IdentityId, l => l.ProviderName);
        return new ListIdentitiesResponse(pool.Id, page.Select(i => Describe(i, providers[i.Id])).ToList(), next);
    }

    public async Task<IdentityDescription> DescribeIdentity(IdentityIdRequest request, CancellationToken ct)
    {
        var identity = await FindIdentity(request.IdentityId!, poolId: null, ct);
        var providers = await db.IdentityLogins.AsNoTracking().Where(l => l.IdentityId == identity.Id).Select(l => l.ProviderName).ToListAsync(ct);
        return Describe(identity, providers);
    }

    /// <summary>Unknown ids are not an error: what is not there is deleted already.</summary>
    public async Task<DeleteIdentitiesResponse> DeleteIdentities(DeleteIdentitiesRequest request, CancellationToken ct)
    {
        var ids = request.IdentityIdsToDelete!.Distinct().ToList();
        await db.Identities.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct);
        return new DeleteIdentitiesResponse([]);
    }

    /// <summary>
    /// What GetCredentialsForIdentity and GetOpenIdToken start with: the identity, its pool, and the logins, checked. An identity
    /// with logins needs one of them again (an identity id is no secret); a guest identity needs guests allowed, and becomes
    /// an authenticated one when it first comes with logins.
    /// </summary>
    private async Task<(IdentityPool Pool, Identity Identity, List<VerifiedLogin> Logins)> SignIn(string identityId, Dictionary<string, string>? loginMap, CancellationToken ct)
    {
        var identity = await FindIdentity(identityId, poolId: null, ct);
        var pool = await IdentityPoolService.Find(db, identity.IdentityPoolId, ct);
        var logins = await verifier.VerifyAll(pool, loginMap, ct);
        var linked = await db.IdentityLogins.AnyAsync(l => l.IdentityId == identity.Id, ct);
        if (logins.Count == 0)
        {
            if (linked) throw Errors.NotAuthorized(LoginsDontMatch);
            if (!pool.Settings.AllowUnauthenticatedIdentities) throw Errors.NotAuthorized(GuestsRefused);
            return (pool, identity, logins);
        }
        if (linked && !await OwnsAny(identity, logins, ct)) throw Errors.NotAuthorized(LoginsDontMatch);
        await Resolve(pool, identity.Id, logins, ct);
        return (pool, identity, logins);
    }

    /// <summary>
    /// The identity the logins name (or the one given), made when there is none, with every login linked to it. Logins that
    /// name different identities conflict. Two first sign-ins racing: the database keeps one link, the loser reads it back.
    /// </summary>
    private async Task<string> Resolve(IdentityPool pool, string? identityId, IReadOnlyList<VerifiedLogin> logins, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var owners = new HashSet<string>(StringComparer.Ordinal);
            var unlinked = new List<VerifiedLogin>();
            foreach (var login in logins)
            {
                if (login.IdentityId is not null)
                {
                    await FindIdentity(login.IdentityId, pool.Id, ct);
                    owners.Add(login.IdentityId);
                }
                else if (await Owner(pool.Id, login.ProviderName, login.Subject, ct) is { } owner)
                {
                    owners.Add(owner);
                }
                else
                {
                    unlinked.Add(login);
                }
            }
            if (identityId is not null) owners.Add(identityId);
            if (owners.Count > 1) throw Errors.ResourceConflict("The logins belong to different identities.");

            var now = clock.GetUtcNow().UtcDateTime;
            var target = owners.SingleOrDefault();
            if (target is null)
            {
                target = $"{pool.Id[..pool.Id.IndexOf(':', StringComparison.Ordinal)]}:{Guid.NewGuid()}";
                db.Identities.Add(new Identity { Id = target, IdentityPoolId = pool.Id, CreatedAt = now, ModifiedAt = now });
            }
            else if (unlinked.Count > 0)
            {
                await db.Identities.Where(i => i.Id == target).ExecuteUpdateAsync(s => s.SetProperty(i => i.ModifiedAt, now), ct);
            }
            foreach (var login in unlinked.DistinctBy(l => (l.ProviderName, l.Subject)))
                db.IdentityLogins.Add(new IdentityLogin { IdentityPoolId = pool.Id, ProviderName = login.ProviderName, Subject = login.Subject, IdentityId = target, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return target;
            }
            catch (DbUpdateException race) when (attempt == 0 && race.IsUniqueViolation())
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<bool> OwnsAny(Identity identity, IReadOnlyList<VerifiedLogin> logins, CancellationToken ct)
    {
        foreach (var login in logins)
            if (login.IdentityId == identity.Id || await Owner(identity.IdentityPoolId, login.ProviderName, login.Subject, ct) == identity.Id)
                return true;
        return false;
    }

    private Task<string?> Owner(string poolId, string provider, string subject, CancellationToken ct) =>
        db.IdentityLogins.AsNoTracking()
            .Where(l => l.IdentityPoolId == poolId && l.ProviderName == provider && l.Subject == subject)
            .Select(l => l.IdentityId).FirstOrDefaultAsync(ct);

    private async Task<Identity> FindIdentity(string identityId, string? poolId, CancellationToken ct)
    {
        var identity = await db.Identities.FirstOrDefaultAsync(i => i.Id == identityId, ct);
        return identity is null || (poolId is not null && identity.IdentityPoolId != poolId)
            ? throw Errors.ResourceNotFound($"Identity '{identityId}' not found.")
            : identity;
    }

    private static string Developer(IdentityPool pool, string name) =>
        pool.Settings.DeveloperProviderName == name ? name : throw Errors.ResourceNotFound($"The developer provider {name} is not the identity pool's.");

    private static List<string> Amr(List<VerifiedLogin> logins) =>
        logins.Count == 0 ? ["unauthenticated"] : ["authenticated", .. logins.SelectMany(l => l.Amr).Distinct()];

    /// <summary>
    /// Attributes for access control: per provider, the claims its PrincipalTagAttributeMap names (tag → claim), or with
    /// UseDefaults AWS's defaults `client` = aud and `username` = sub; cognito-identity tokens bring their own tags.
    /// </summary>
    private static Dictionary<string, string> PrincipalTags(StoredIdentityPoolSettings settings, IReadOnlyList<VerifiedLogin> logins)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var login in logins)
        {
            foreach (var (name, value) in login.PrincipalTags ?? new Dictionary<string, string>()) tags[name] = value;
            if (settings.PrincipalTagAttributeMaps?.GetValueOrDefault(login.ProviderName) is not { } map) continue;
            var claims = new Dictionary<string, string>(map.PrincipalTags ?? []);
            if (map.UseDefaults)
            {
                claims.TryAdd("client", "aud");
                claims.TryAdd("username", "sub");
            }
            foreach (var (tag, claim) in claims)
                if (ClaimText(login.Claims[claim]) is { } value) tags[tag] = value;
        }
        return tags;
    }

    private static string? ClaimText(JsonNode? claim) => claim switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => (string)value!,
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        JsonArray { Count: > 0 } array => ClaimText(array[0]),
        _ => null,
    };

    private static IdentityDescription Describe(Identity identity, IEnumerable<string> providers) => new(
        identity.Id,
        providers.Distinct().Order(StringComparer.Ordinal).ToList(),
        new DateTimeOffset(DateTime.SpecifyKind(identity.CreatedAt, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(identity.ModifiedAt, DateTimeKind.Utc)));
}
