using System.Text.RegularExpressions;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

public sealed record CreateTermsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Required, Pattern(TermsService.NamePattern)] public string? TermsName { get; init; }
    [Required, OneOf("LINK")] public string? TermsSource { get; init; }
    [Required, OneOf("NONE")] public string? Enforcement { get; init; }
    [Length(1, 13), ElementLength(1, 1024), Pattern(AppClientSettings.Url)] public Dictionary<string, string>? Links { get; init; }
}

public sealed record UpdateTermsRequest
{
    [Required, Pattern(TermsService.IdPattern)] public string? TermsId { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Pattern(TermsService.NamePattern)] public string? TermsName { get; init; }
    [OneOf("LINK")] public string? TermsSource { get; init; }
    [OneOf("NONE")] public string? Enforcement { get; init; }
    [Length(1, 13), ElementLength(1, 1024), Pattern(AppClientSettings.Url)] public Dictionary<string, string>? Links { get; init; }
}

public sealed record TermsIdRequest
{
    [Required, Pattern(TermsService.IdPattern)] public string? TermsId { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record ListTermsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Range(1, 60)] public int? MaxResults { get; init; }
    [Length(0, 131072)] public string? NextToken { get; init; }
}

public sealed record TermsType(
    string TermsId, string UserPoolId, string ClientId, string TermsName, string TermsSource, string Enforcement,
    Dictionary<string, string> Links, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate);

public sealed record TermsDescriptionType(string TermsId, string TermsName, string Enforcement, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate);

public sealed record TermsResponse(TermsType Terms);

public sealed record ListTermsResponse(List<TermsDescriptionType> Terms, string? NextToken);

/// <summary>
/// Create/Describe/List/Update/DeleteTerms: an app client's terms-of-use and privacy-policy links, per language, that
/// the sign-up page shows. One document of each name per client.
/// </summary>
public sealed partial class TermsService(CognitoDbContext db, AppClientService clients, UserPoolService pools, TimeProvider clock)
{
    public const string NamePattern = "^(terms-of-use|privacy-policy)$";
    public const string IdPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$";

    public async Task<TermsResponse> CreateTerms(CreateTermsRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        var links = CheckLinks(request.Links) ?? throw Errors.InvalidParameter("Links must name at least one language, such as cognito:default.");
        if (await db.Terms.AnyAsync(t => t.ClientId == client.Id && t.TermsName == request.TermsName, ct))
            throw Exists(request.TermsName!);
        var now = clock.GetUtcNow().UtcDateTime;
        var terms = new ClientTerms
        {
            Id = Guid.NewGuid(),
            UserPoolId = client.UserPoolId,
            ClientId = client.Id,
            TermsName = request.TermsName!,
            TermsSource = request.TermsSource!,
            Enforcement = request.Enforcement!,
            Links = links,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Terms.Add(terms);
        await Save(terms.TermsName, ct);
        return new TermsResponse(Describe(terms));
    }

    public async Task<TermsResponse> DescribeTerms(TermsIdRequest request, CancellationToken ct) =>
        new(Describe(await Find(request.UserPoolId!, request.TermsId!, ct)));

    /// <summary>What the request omits stays as it was.</summary>
    public async Task<TermsResponse> UpdateTerms(UpdateTermsRequest request, CancellationToken ct)
    {
        var terms = await Find(request.UserPoolId!, request.TermsId!, ct);
        if (request.TermsName is { } name && name != terms.TermsName)
        {
            if (await db.Terms.AnyAsync(t => t.ClientId == terms.ClientId && t.TermsName == name, ct)) throw Exists(name);
            terms.TermsName = name;
        }
        if (request.TermsSource is not null) terms.TermsSource = request.TermsSource;
        if (request.Enforcement is not null) terms.Enforcement = request.Enforcement;
        if (CheckLinks(request.Links) is { } links) terms.Links = links;
        terms.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await Save(terms.TermsName, ct);
        return new TermsResponse(Describe(terms));
    }

    public async Task<Empty> DeleteTerms(TermsIdRequest request, CancellationToken ct)
    {
        db.Terms.Remove(await Find(request.UserPoolId!, request.TermsId!, ct));
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    /// <summary>A pool has two documents per client at most, so a page is cut from the pool's list in id order.</summary>
    public async Task<ListTermsResponse> ListTerms(ListTermsRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var after = string.IsNullOrEmpty(request.NextToken) ? null : PageToken.Decode(request.NextToken);
        var all = await db.Terms.AsNoTracking().Where(t => t.UserPoolId == pool.Id).ToListAsync(ct);
        var fetched = all.Select(Describe)
            .Where(t => after is null || string.CompareOrdinal(t.TermsId, after) > 0)
            .OrderBy(t => t.TermsId, StringComparer.Ordinal)
            .Take((request.MaxResults ?? 60) + 1)
            .Select(t => new TermsDescriptionType(t.TermsId, t.TermsName, t.Enforcement, t.CreationDate, t.LastModifiedDate))
            .ToList();
        var (page, next) = PageToken.Cut(fetched, request.MaxResults ?? 60, t => t.TermsId);
        return new ListTermsResponse(page, next);
    }

    private async Task Save(string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw Exists(name);
        }
    }

    private async Task<ClientTerms> Find(string userPoolId, string termsId, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        var id = Guid.Parse(termsId);
        return await db.Terms.FirstOrDefaultAsync(t => t.Id == id && t.UserPoolId == userPoolId, ct)
            ?? throw Errors.ResourceNotFound($"Terms {termsId} do not exist in user pool {userPoolId}.");
    }

    private static Dictionary<string, string>? CheckLinks(Dictionary<string, string>? links)
    {
        if (links is null) return null;
        foreach (var language in links.Keys)
            if (!Language().IsMatch(language))
                throw Errors.InvalidParameter($"Links: {language} is not a language of managed login, such as cognito:default or cognito:spanish.");
        return new Dictionary<string, string>(links);
    }

    private static CognitoException Exists(string name) => Errors.TermsExists($"Terms named {name} already exist for this app client.");

    private static TermsType Describe(ClientTerms terms) => new(
        terms.Id.ToString(), terms.UserPoolId, terms.ClientId, terms.TermsName, terms.TermsSource, terms.Enforcement,
        terms.Links, UserPoolService.Utc(terms.CreatedAt), UserPoolService.Utc(terms.ModifiedAt));

    [GeneratedRegex("^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$")]
    private static partial Regex Language();
}
