using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.UserPools;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

/// <summary>
/// Create/Describe/Update/Delete/ListIdentityProviders and GetIdentityProviderByIdentifier: a pool's external identity
/// providers (SAML, OIDC, social), their ProviderDetails (<see cref="ProviderDetails"/>), AttributeMapping and
/// IdpIdentifiers, which are unique in the pool (the IdpIdentifier table holds them).
/// </summary>
public sealed class IdentityProviderService(
    CognitoDbContext db, UserPoolService pools, UserPoolCache cache, SecretProtector secrets, CognitoOptions options, TimeProvider clock)
{
    /// <summary>CreateIdentityProvider's ProviderName: at least three characters, no `_` or space but as the second.</summary>
    public const string NewNamePattern = @"[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+";
    public const string NamePattern = @"[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+";
    public const string IdentifierPattern = @"[\w\s+=.@-]+";

    /// <summary>AWS's quota of identity providers per user pool.</summary>
    private const int MaxPerPool = 300;

    /// <summary>The user pool itself as an identity provider: in clients' SupportedIdentityProviders, and as AdminLinkProviderForUser's `Cognito`.</summary>
    private const string Cognito = "COGNITO";

    public async Task<IdentityProviderResponse> CreateIdentityProvider(CreateIdentityProviderRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var (name, type) = (request.ProviderName!, request.ProviderType!);
        // One provider of each social type per pool: its name is its type.
        if (ProviderTypes.IsSocial(type) && name != type)
            throw Errors.InvalidParameter($"Provider {name} cannot be of type {type}.");
        if (string.Equals(name, Cognito, StringComparison.OrdinalIgnoreCase))
            throw Errors.InvalidParameter($"{name} is reserved: it names the user pool itself.");
        var identifiers = Identifiers(request.IdpIdentifiers);
        if (await db.IdentityProviders.AnyAsync(p => p.UserPoolId == pool.Id && p.ProviderName == name, ct))
            throw Errors.ProviderExists(name, pool.Id);
        await CheckIdentifiersFree(pool.Id, name, identifiers, ct);
        if (await db.IdentityProviders.CountAsync(p => p.UserPoolId == pool.Id, ct) >= MaxPerPool)
            throw Errors.LimitExceeded($"A user pool can have at most {MaxPerPool} identity providers.");
        var mapping = AttributeMapping(pool, type, request.AttributeMapping ?? [], creating: true);
        var details = await ProviderDetails.Resolve(type, request.ProviderDetails!, options, secrets, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var provider = new IdentityProvider
        {
            UserPoolId = pool.Id,
            ProviderName = name,
            ProviderType = type,
            ProviderDetails = details,
            AttributeMapping = mapping,
            IdpIdentifiers = identifiers,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.IdentityProviders.Add(provider);
        db.IdpIdentifiers.AddRange(identifiers.Select(i => new IdpIdentifier { UserPoolId = pool.Id, Identifier = i, ProviderName = name }));
        await Save(pool.Id, name, ct);
        return new IdentityProviderResponse(Describe(provider, request.IdpIdentifiers is not null));
    }

    public async Task<IdentityProviderResponse> DescribeIdentityProvider(IdentityProviderNameRequest request, CancellationToken ct) =>
        new(Describe(await Find(request.UserPoolId!, request.ProviderName!, ct), withIdentifiers: true));

    public async Task<IdentityProviderResponse> GetIdentityProviderByIdentifier(GetIdentityProviderByIdentifierRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var provider = await db.IdpIdentifiers.AsNoTracking()
            .Where(i => i.UserPoolId == pool.Id && i.Identifier == request.IdpIdentifier)
            .Join(db.IdentityProviders, i => new { i.UserPoolId, i.ProviderName }, p => new { p.UserPoolId, p.ProviderName }, (_, p) => p)
            .FirstOrDefaultAsync(ct)
            ?? throw Errors.ResourceNotFound($"Identity provider with identifier {request.IdpIdentifier} for tenantId {pool.Id} does not exist.");
        return new IdentityProviderResponse(Describe(provider, withIdentifiers: true));
    }

    public async Task<IdentityProviderResponse> UpdateIdentityProvider(UpdateIdentityProviderRequest request, CancellationToken ct)
    {
        var (poolId, name) = (request.UserPoolId!, request.ProviderName!);
        if (name == Cognito) throw Errors.UnsupportedIdentityProvider($"{Cognito} is the user pool itself and cannot be updated.");
        var pool = await pools.FindPool(poolId, ct);
        var provider = await db.IdentityProviders.FirstOrDefaultAsync(p => p.UserPoolId == poolId && p.ProviderName == name, ct)
            ?? throw Errors.ResourceNotFound($"Identity provider {name} in User Pool {poolId} does not exist.");
        if (request.IdpIdentifiers is not null)
        {
            var identifiers = Identifiers(request.IdpIdentifiers);
            await CheckIdentifiersFree(poolId, name, identifiers, ct);
            var stored = await db.IdpIdentifiers.Where(i => i.UserPoolId == poolId && i.ProviderName == name).ToListAsync(ct);
            db.IdpIdentifiers.RemoveRange(stored.Where(i => !identifiers.Contains(i.Identifier)));
            db.IdpIdentifiers.AddRange(identifiers.Where(i => stored.All(s => s.Identifier != i))
                .Select(i => new IdpIdentifier { UserPoolId = poolId, Identifier = i, ProviderName = name }));
            provider.IdpIdentifiers = identifiers;
        }
        if (request.AttributeMapping is not null) provider.AttributeMapping = AttributeMapping(pool, provider.ProviderType, request.AttributeMapping, creating: false);
        if (request.ProviderDetails is not null)
            provider.ProviderDetails = await ProviderDetails.Resolve(provider.ProviderType, request.ProviderDetails, options, secrets, ct);
        provider.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await Save(poolId, name, ct);
        return new IdentityProviderResponse(Describe(provider, request.IdpIdentifiers is not null));
    }

    /// <summary>The provider goes, with its identifiers, and out of every app client's SupportedIdentityProviders.</summary>
    public async Task<Empty> DeleteIdentityProvider(IdentityProviderNameRequest request, CancellationToken ct)
    {
        var (poolId, name) = (request.UserPoolId!, request.ProviderName!);
        if (name == Cognito) throw Errors.UnsupportedIdentityProvider($"{Cognito} is the user pool itself and cannot be deleted.");
        var provider = await Find(poolId, name, ct);
        db.IdentityProviders.Remove(provider);
        foreach (var client in await db.AppClients.Where(c => c.UserPoolId == poolId).ToListAsync(ct))
            if (client.Settings.SupportedIdentityProviders?.Contains(name) == true)
                client.Settings = client.Settings with { SupportedIdentityProviders = client.Settings.SupportedIdentityProviders.Where(p => p != name).ToList() };
        await db.SaveChangesAsync(ct);
        cache.Forget();
        return Empty.Value;
    }

    public async Task<ListIdentityProvidersResponse> ListIdentityProviders(ListIdentityProvidersRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        // The model allows MaxResults 0, which asks for the default page; a page holds at most 50 (ProvidersListType).
        var limit = request.MaxResults is null or 0 ? 50 : request.MaxResults.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.IdentityProviders.AsNoTracking().Where(p => p.UserPoolId == pool.Id);
        if (after is not null) query = query.Where(p => string.Compare(p.ProviderName, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(p => p.ProviderName).Take(limit + 1).ToListAsync(ct), limit, p => p.ProviderName);
        return new ListIdentityProvidersResponse(
            page.Select(p => new ProviderDescription(p.ProviderName, p.ProviderType, UserPoolService.Utc(p.ModifiedAt), UserPoolService.Utc(p.CreatedAt))).ToList(),
            next);
    }

    private async Task<IdentityProvider> Find(string userPoolId, string name, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        return await db.IdentityProviders.FirstOrDefaultAsync(p => p.UserPoolId == userPoolId && p.ProviderName == name, ct)
            ?? throw Errors.ResourceNotFound($"Identity provider {name} for tenantId {userPoolId} does not exist.");
    }

    private static List<string> Identifiers(List<string>? given)
    {
        var identifiers = given ?? [];
        if (identifiers.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw Errors.InvalidParameter($"IdpIdentifier {twice.Key} is given more than once.");
        return identifiers;
    }

    /// <summary>AWS documents identifiers as unique in a pool without saying how a clash is refused: DuplicateProviderException, naming the holder.</summary>
    private async Task CheckIdentifiersFree(string userPoolId, string name, List<string> identifiers, CancellationToken ct)
    {
        if (identifiers.Count == 0) return;
        var taken = await db.IdpIdentifiers.AsNoTracking()
            .Where(i => i.UserPoolId == userPoolId && i.ProviderName != name && identifiers.Contains(i.Identifier))
            .FirstOrDefaultAsync(ct);
        if (taken is not null) throw IdentifierTaken(taken.Identifier, taken.ProviderName, userPoolId);
    }

    private static CognitoException IdentifierTaken(string identifier, string holder, string userPoolId) =>
        Errors.DuplicateProvider($"IdpIdentifier {identifier} is already used by identity provider {holder} in user pool {userPoolId}.");

    /// <summary>Saves; a concurrent create of the same name, or of one of the identifiers, is refused as the checks before would have.</summary>
    private async Task Save(string userPoolId, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            var identifiers = db.ChangeTracker.Entries<IdpIdentifier>().Where(i => i.State == EntityState.Added).Select(i => i.Entity.Identifier).ToList();
            db.ChangeTracker.Clear();
            var taken = await db.IdpIdentifiers.AsNoTracking()
                .Where(i => i.UserPoolId == userPoolId && i.ProviderName != name && identifiers.Contains(i.Identifier))
                .FirstOrDefaultAsync(ct);
            // No identifier of another provider: the clash was on the provider row, a concurrent Create of the same name.
            throw taken is not null ? IdentifierTaken(taken.Identifier, taken.ProviderName, userPoolId) : Errors.ProviderExists(name, userPoolId);
        }
    }

    /// <summary>
    /// Keys are the pool's attributes (standard or custom, not sub nor developer-only ones) or `username`, which only
    /// the provider's own user id can fill (<see cref="ProviderTypes.UsernameClaim"/>). A new provider that does not map
    /// username maps it to that id, as AWS describes it; SAML providers have no such claim to show.
    /// </summary>
    private static Dictionary<string, string> AttributeMapping(UserPool pool, string type, Dictionary<string, string> given, bool creating)
    {
        var attributes = pool.Settings.SchemaAttributes.Select(a => a.Name!).Where(n => n is not "sub" && !n.StartsWith("dev:", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var claim = ProviderTypes.UsernameClaim(type);
        foreach (var (key, value) in given)
        {
            if (key == "username")
            {
                if (value != claim) throw Errors.InvalidParameter($"username can only be mapped to {claim} for {type} identity providers.");
            }
            else if (!attributes.Contains(key))
            {
                throw Errors.InvalidParameter($"Attribute mapping key {key} is not an attribute of user pool {pool.Id}.");
            }
        }
        var mapping = new Dictionary<string, string>(given);
        if (creating && type != ProviderTypes.Saml) mapping.TryAdd("username", claim);
        return mapping;
    }

    private IdentityProviderType Describe(IdentityProvider provider, bool withIdentifiers) =>
        new(provider.UserPoolId, provider.ProviderName, provider.ProviderType, ProviderDetails.Describe(provider, secrets),
            provider.AttributeMapping, withIdentifiers ? provider.IdpIdentifiers : null,
            UserPoolService.Utc(provider.ModifiedAt), UserPoolService.Utc(provider.CreatedAt));
}
