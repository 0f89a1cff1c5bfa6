using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

public sealed record ResourceServerScopeType
{
    [Required, Length(1, 256), Pattern(@"[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+")] public string? ScopeName { get; init; }
    [Required, Length(1, 256)] public string? ScopeDescription { get; init; }
}

/// <summary>CreateResourceServer and UpdateResourceServer (Update replaces the name and the whole scope list).</summary>
public sealed record ResourceServerRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 256), Pattern(AppClientSettings.Scope)] public string? Identifier { get; init; }
    [Required, Length(1, 256), Pattern(@"[\w\s+=,.@-]+")] public string? Name { get; init; }
    [Length(0, 100)] public List<ResourceServerScopeType>? Scopes { get; init; }
}

public sealed record ResourceServerIdRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 256), Pattern(AppClientSettings.Scope)] public string? Identifier { get; init; }
}

public sealed record ListResourceServersRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Range(1, 50)] public int? MaxResults { get; init; }
    [Length(1, 131072), Pattern(@"[\S]+")] public string? NextToken { get; init; }
}

public sealed record ResourceServerType(string UserPoolId, string Identifier, string Name, List<ResourceServerScopeType> Scopes);

public sealed record ResourceServerResponse(ResourceServerType ResourceServer);

public sealed record ListResourceServersResponse(List<ResourceServerType> ResourceServers, string? NextToken);

/// <summary>
/// Create/Describe/List/Update/DeleteResourceServer. A server's scopes are what app clients may list as
/// `identifier/scope` in AllowedOAuthScopes and what client_credentials grants carry.
/// </summary>
public sealed class ResourceServerService(CognitoDbContext db, UserPoolService pools)
{
    /// <summary>AWS's quota of resource servers per user pool.</summary>
    private const int MaxPerPool = 25;

    public async Task<ResourceServerResponse> CreateResourceServer(ResourceServerRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var scopes = Scopes(request);
        if (await db.ResourceServers.AnyAsync(s => s.UserPoolId == pool.Id && s.Identifier == request.Identifier, ct))
            throw Exists(request);
        if (await db.ResourceServers.CountAsync(s => s.UserPoolId == pool.Id, ct) >= MaxPerPool)
            throw Errors.LimitExceeded($"A user pool can have at most {MaxPerPool} resource servers.");
        var server = new ResourceServer { UserPoolId = pool.Id, Identifier = request.Identifier!, Name = request.Name!, Scopes = scopes };
        db.ResourceServers.Add(server);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw Exists(request);
        }
        return new ResourceServerResponse(Describe(server));
    }

    public async Task<ResourceServerResponse> DescribeResourceServer(ResourceServerIdRequest request, CancellationToken ct) =>
        new(Describe(await Find(request.UserPoolId!, request.Identifier!, ct)));

    public async Task<ResourceServerResponse> UpdateResourceServer(ResourceServerRequest request, CancellationToken ct)
    {
        var server = await Find(request.UserPoolId!, request.Identifier!, ct);
        server.Name = request.Name!;
        server.Scopes = Scopes(request);
        await db.SaveChangesAsync(ct);
        return new ResourceServerResponse(Describe(server));
    }

    public async Task<Empty> DeleteResourceServer(ResourceServerIdRequest request, CancellationToken ct)
    {
        db.ResourceServers.Remove(await Find(request.UserPoolId!, request.Identifier!, ct));
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<ListResourceServersResponse> ListResourceServers(ListResourceServersRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var limit = request.MaxResults ?? 50;
        var after = PageToken.Decode(request.NextToken);
        var query = db.ResourceServers.AsNoTracking().Where(s => s.UserPoolId == pool.Id);
        if (after is not null) query = query.Where(s => string.Compare(s.Identifier, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(s => s.Identifier).Take(limit + 1).ToListAsync(ct), limit, s => s.Identifier);
        return new ListResourceServersResponse(page.Select(Describe).ToList(), next);
    }

    private async Task<ResourceServer> Find(string userPoolId, string identifier, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        return await db.ResourceServers.FirstOrDefaultAsync(s => s.UserPoolId == userPoolId && s.Identifier == identifier, ct)
            ?? throw Errors.ResourceNotFound($"Resource server {identifier} does not exist in user pool {userPoolId}.");
    }

    private static List<ResourceServerScope> Scopes(ResourceServerRequest request)
    {
        var scopes = (request.Scopes ?? []).Select(s => new ResourceServerScope { Name = s.ScopeName!, Description = s.ScopeDescription! }).ToList();
        if (scopes.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw Errors.InvalidParameter($"Scope {twice.Key} is given more than once.");
        return scopes;
    }

    private static CognitoException Exists(ResourceServerRequest request) =>
        Errors.InvalidParameter($"A resource server with identifier {request.Identifier} already exists in user pool {request.UserPoolId}.");

    private static ResourceServerType Describe(ResourceServer server) =>
        new(server.UserPoolId, server.Identifier, server.Name,
            server.Scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description }).ToList());
}
