using System.Text.RegularExpressions;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.IdentityPools;

/// <summary>
/// Identity pool configuration: CreateIdentityPool, DescribeIdentityPool, UpdateIdentityPool, DeleteIdentityPool,
/// ListIdentityPools, Set/GetIdentityPoolRoles, Set/GetPrincipalTagAttributeMap and the tag operations.
/// </summary>
public sealed partial class IdentityPoolService(CognitoDbContext db, CognitoOptions options, RequestContext context, TimeProvider clock)
{
    private const int MaxTags = 50;

    public Task<IdentityPoolResponse> CreateIdentityPool(CreateIdentityPoolRequest request, CancellationToken ct) =>
        CreateIdentityPool(request, $"{context.Region(options)}:{Guid.NewGuid()}", ct);

    /// <summary>CreateIdentityPool with a chosen id (the seed file fixes ids so test suites can hard-code them).</summary>
    internal async Task<IdentityPoolResponse> CreateIdentityPool(CreateIdentityPoolRequest request, string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pool = new IdentityPool
        {
            Id = id,
            Name = request.IdentityPoolName!,
            CreatedAt = now,
            ModifiedAt = now,
            Settings = Configure(new IdentityPoolSettings(), request).ToStored(),
        };
        db.IdentityPools.Add(pool);
        await db.SaveChangesAsync(ct);
        return Describe(pool);
    }

    public async Task<IdentityPoolResponse> DescribeIdentityPool(IdentityPoolIdRequest request, CancellationToken ct) =>
        Describe(await Find(db, request.IdentityPoolId!, ct));

    /// <summary>As on AWS, the request replaces the configuration; only the developer provider name, once set, stays.</summary>
    public async Task<IdentityPoolResponse> UpdateIdentityPool(UpdateIdentityPoolRequest request, CancellationToken ct)
    {
        var pool = await Find(db, request.IdentityPoolId!, ct);
        var current = pool.Settings.DeveloperProviderName;
        if (current is not null && request.DeveloperProviderName is not null && request.DeveloperProviderName != current)
            throw Errors.InvalidParameter("Cannot modify the DeveloperProviderName once it has been set.");
        pool.Name = request.IdentityPoolName!;
        pool.Settings = Configure(pool.Settings.ToWire(), request with
        {
            DeveloperProviderName = current ?? request.DeveloperProviderName,
            IdentityPoolTags = request.IdentityPoolTags ?? pool.Settings.IdentityPoolTags,
        }).ToStored();
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Describe(pool);
    }

    public async Task<Empty> DeleteIdentityPool(IdentityPoolIdRequest request, CancellationToken ct)
    {
        if (await db.IdentityPools.Where(p => p.Id == request.IdentityPoolId).ExecuteDeleteAsync(ct) == 0)
            throw NotFound(request.IdentityPoolId!);
        return Empty.Value;
    }

    public async Task<ListIdentityPoolsResponse> ListIdentityPools(ListIdentityPoolsRequest request, CancellationToken ct)
    {
        var limit = request.MaxResults!.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.IdentityPools.AsNoTracking();
        if (after is not null) query = query.Where(p => string.Compare(p.Id, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(p => p.Id).Take(limit + 1).ToListAsync(ct), limit, p => p.Id);
        return new ListIdentityPoolsResponse(page.Select(p => new IdentityPoolShortDescription(p.Id, p.Name)).ToList(), next);
    }

    public async Task<Empty> SetIdentityPoolRoles(SetIdentityPoolRolesRequest request, CancellationToken ct)
    {
        var pool = await Find(db, request.IdentityPoolId!, ct);
        foreach (var (kind, arn) in request.Roles!)
        {
            if (kind is not ("authenticated" or "unauthenticated"))
                throw Errors.Validation($"1 validation error detected: Value '{kind}' at 'roles' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: (un)?authenticated]");
            CheckRoleArn(arn);
        }
        var mappings = new Dictionary<string, RoleMapping>(StringComparer.Ordinal);
        foreach (var (key, mapping) in request.RoleMappings ?? [])
        {
            if (MappingKey(pool.Settings, key) is null) throw Errors.InvalidParameter($"The role mapping key {key} is not a provider of this identity pool.");
            if (mapping.AmbiguousRoleResolution is null)
                throw Errors.InvalidParameter("AmbiguousRoleResolution must be specified for Token or Rules role mappings.");
            if (mapping.Type == "Rules" && mapping.RulesConfiguration is null)
                throw Errors.InvalidParameter("RulesConfiguration is required for a Rules role mapping.");
            foreach (var rule in mapping.RulesConfiguration?.Rules ?? []) CheckRoleArn(rule.RoleARN!);
            // Kept as given (AWS's `cognito-idp.…` form or an issuer-style name), as GetIdentityPoolRoles echoes it; RoleResolver matches either.
            mappings[key] = mapping.Type == "Token" ? mapping with { RulesConfiguration = null } : mapping;
        }
        pool.Settings = pool.Settings with { Roles = new Dictionary<string, string>(request.Roles!), RoleMappings = mappings.Count > 0 ? mappings.ToDictionary(m => m.Key, m => m.Value.ToStored()) : null };
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<GetIdentityPoolRolesResponse> GetIdentityPoolRoles(IdentityPoolIdRequest request, CancellationToken ct)
    {
        var pool = await Find(db, request.IdentityPoolId!, ct);
        var settings = pool.Settings.ToWire();
        return new GetIdentityPoolRolesResponse(pool.Id, settings.Roles ?? [], settings.RoleMappings);
    }

    public async Task<PrincipalTagAttributeMapResponse> SetPrincipalTagAttributeMap(SetPrincipalTagAttributeMapRequest request, CancellationToken ct)
    {
        var pool = await Find(db, request.IdentityPoolId!, ct);
        var provider = ProviderName(pool.Settings, request.IdentityProviderName!);
        var map = new PrincipalTagAttributeMap { UseDefaults = request.UseDefaults ?? false, PrincipalTags = request.PrincipalTags ?? [] };
        var maps = new Dictionary<string, StoredPrincipalTagAttributeMap>(pool.Settings.PrincipalTagAttributeMaps ?? [], StringComparer.Ordinal) { [provider] = map.ToStored() };
        pool.Settings = pool.Settings with { PrincipalTagAttributeMaps = maps };
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new PrincipalTagAttributeMapResponse(pool.Id, request.IdentityProviderName!, map.UseDefaults, map.PrincipalTags);
    }

    public async Task<PrincipalTagAttributeMapResponse> GetPrincipalTagAttributeMap(PrincipalTagAttributeMapRequest request, CancellationToken ct)
    {
        var pool = await Find(db, request.IdentityPoolId!, ct);
        var provider = ProviderName(pool.Settings, request.IdentityProviderName!);
        var map = pool.Settings.PrincipalTagAttributeMaps?.GetValueOrDefault(provider) ?? new StoredPrincipalTagAttributeMap();
        return new PrincipalTagAttributeMapResponse(pool.Id, request.IdentityProviderName!, map.UseDefaults, map.PrincipalTags ?? []);
    }

    public async Task<Empty> TagResource(TagIdentityPoolRequest request, CancellationToken ct)
    {
        var pool = await FindByArn(request.ResourceArn!, ct);
        var tags = new Dictionary<string, string>(pool.Settings.IdentityPoolTags ?? []);
        foreach (var (key, value) in request.Tags!) tags[key] = value;
        CheckTags(tags);
        pool.Settings = pool.Settings with { IdentityPoolTags = tags };
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<Empty> UntagResource(UntagIdentityPoolRequest request, CancellationToken ct)
    {
        var pool = await FindByArn(request.ResourceArn!, ct);
        var tags = new Dictionary<string, string>(pool.Settings.IdentityPoolTags ?? []);
        foreach (var key in request.TagKeys!) tags.Remove(key);
        pool.Settings = pool.Settings with { IdentityPoolTags = tags };
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<IdentityPoolTagsResponse> ListTagsForResource(IdentityResourceArnRequest request, CancellationToken ct) =>
        new((await FindByArn(request.ResourceArn!, ct)).Settings.IdentityPoolTags ?? []);

    public static async Task<IdentityPool> Find(CognitoDbContext db, string identityPoolId, CancellationToken ct) =>
        await db.IdentityPools.FirstOrDefaultAsync(p => p.Id == identityPoolId, ct) ?? throw NotFound(identityPoolId);

    public static CognitoException NotFound(string identityPoolId) => Errors.ResourceNotFound($"IdentityPool '{identityPoolId}' not found.");

    public static string Arn(CognitoOptions options, string identityPoolId) =>
        $"arn:aws:cognito-identity:{Ids.RegionOf(identityPoolId)}:{options.AccountId}:identitypool/{identityPoolId}";

    private async Task<IdentityPool> FindByArn(string arn, CancellationToken ct)
    {
        var match = PoolArn().Match(arn);
        if (!match.Success) throw Errors.InvalidParameter($"Invalid identity pool ARN: {arn}");
        var id = match.Groups["id"].Value;
        if (match.Groups["region"].Value != Ids.RegionOf(id) || match.Groups["account"].Value != options.AccountId) throw NotFound(id);
        return await Find(db, id, ct);
    }

    /// <summary>The request's provider configuration, checked, on top of what the pool keeps (roles, mappings, tag maps).</summary>
    private static IdentityPoolSettings Configure(IdentityPoolSettings current, CreateIdentityPoolRequest request)
    {
        foreach (var provider in request.CognitoIdentityProviders ?? [])
        {
            if (provider.ProviderName is null || LoginVerifier.UserPoolProviderName(provider.ProviderName) is null)
                throw Errors.InvalidParameter($"Invalid Cognito Identity Provider name: {provider.ProviderName}. Expected cognito-idp.<region>.amazonaws.com/<user pool id>.");
            if (provider.ClientId is null) throw Errors.InvalidParameter($"The Cognito Identity Provider {provider.ProviderName} needs a ClientId.");
        }
        foreach (var arn in request.OpenIdConnectProviderARNs ?? [])
            if (LoginVerifier.OidcHost(arn) is null) throw Errors.InvalidParameter($"Invalid OpenIdConnectProviderARN: {arn}");
        foreach (var arn in request.SamlProviderARNs ?? [])
            if (!SamlArn().IsMatch(arn)) throw Errors.InvalidParameter($"Invalid SamlProviderARN: {arn}");
        if (request.DeveloperProviderName is "cognito-identity.amazonaws.com")
            throw Errors.InvalidParameter("DeveloperProviderName cannot be cognito-identity.amazonaws.com.");
        CheckTags(request.IdentityPoolTags);
        return current with
        {
            AllowUnauthenticatedIdentities = request.AllowUnauthenticatedIdentities!.Value,
            AllowClassicFlow = request.AllowClassicFlow ?? false,
            SupportedLoginProviders = request.SupportedLoginProviders,
            DeveloperProviderName = request.DeveloperProviderName,
            OpenIdConnectProviderARNs = request.OpenIdConnectProviderARNs,
            CognitoIdentityProviders = request.CognitoIdentityProviders,
            SamlProviderARNs = request.SamlProviderARNs,
            IdentityPoolTags = request.IdentityPoolTags,
        };
    }

    private static IdentityPoolResponse Describe(IdentityPool p) => new(
        p.Id, p.Name, p.Settings.AllowUnauthenticatedIdentities, p.Settings.AllowClassicFlow, p.Settings.SupportedLoginProviders,
        p.Settings.DeveloperProviderName, p.Settings.OpenIdConnectProviderARNs, p.Settings.CognitoIdentityProviders?.Select(c => c.ToWire()).ToList(), p.Settings.SamlProviderARNs,
        p.Settings.IdentityPoolTags ?? []);

    /// <summary>A RoleMappings key in its canonical form: `cognito-idp.…/poolId:clientId` of a configured user pool client, or an OIDC provider.</summary>
    internal static string? MappingKey(StoredIdentityPoolSettings settings, string key)
    {
        var colon = key.LastIndexOf(':');
        if (colon > 0 && LoginVerifier.UserPoolProviderName(key[..colon]) is { } name)
        {
            var clientId = key[(colon + 1)..];
            return LoginVerifier.ConfiguredUserPools(settings).Any(p => p.Name == name && p.ClientId == clientId) ? $"{name}:{clientId}" : null;
        }
        return LoginVerifier.IsExternalProvider(settings, key) ? key : null;
    }

    /// <summary>An identity provider of the pool, user pools named in AWS's form.</summary>
    private static string ProviderName(StoredIdentityPoolSettings settings, string name)
    {
        if (LoginVerifier.UserPoolProviderName(name) is { } userPool && LoginVerifier.ConfiguredUserPools(settings).Any(p => p.Name == userPool)) return userPool;
        if (LoginVerifier.IsExternalProvider(settings, name)) return name;
        throw Errors.InvalidParameter($"The identity provider {name} is not configured for this identity pool.");
    }

    private static void CheckRoleArn(string arn)
    {
        if (!RoleArn().IsMatch(arn)) throw Errors.InvalidParameter($"Invalid role ARN: {arn}");
    }

    private static void CheckTags(Dictionary<string, string>? tags)
    {
        if (tags is null) return;
        if (tags.Count > MaxTags) throw Errors.InvalidParameter($"An identity pool can have at most {MaxTags} tags.");
        if (tags.Keys.Any(k => k.Length is < 1 or > 128)) throw Errors.InvalidParameter("Tag keys must be 1 to 128 characters long.");
    }

    [GeneratedRegex(@"^arn:aws:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^arn:aws:iam::[0-9]{12}:saml-provider/[\w.-]+$")]
    private static partial Regex SamlArn();

    [GeneratedRegex(@"^arn:aws:cognito-identity:(?<region>[a-z0-9-]+):(?<account>[0-9]{12}):identitypool/(?<id>[\w-]+:[0-9a-f-]+)$")]
    private static partial Regex PoolArn();
}
