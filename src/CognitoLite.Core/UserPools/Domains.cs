using System.Text.RegularExpressions;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

public sealed record CustomDomainConfigType
{
    [Required, Length(20, 2048), Pattern(@"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?")]
    public string? CertificateArn { get; init; }
    [OneOf("TLS_V1", "TLS_V1_2_2021", "TLS_V1_3_2025")] public string? SecurityPolicy { get; init; }
}

public sealed record FailoverType
{
    [Required, Length(5, 32)] public string? SecondaryRegion { get; init; }
    [Required, Length(0, 64)] public string? PrimaryRoute53HealthCheckId { get; init; }
}

public sealed record RoutingType
{
    public FailoverType? Failover { get; init; }
}

/// <summary>CreateUserPoolDomain and UpdateUserPoolDomain. The model's DomainType pattern fits prefixes only; custom
/// domains are checked as host names by the service.</summary>
public sealed record UserPoolDomainRequest
{
    [Required, Length(1, 63)] public string? Domain { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    public int? ManagedLoginVersion { get; init; }
    public CustomDomainConfigType? CustomDomainConfig { get; init; }
    public RoutingType? Routing { get; init; }
}

public sealed record UserPoolDomainResponse(int? ManagedLoginVersion, string? CloudFrontDomain);

public sealed record DescribeUserPoolDomainRequest
{
    [Required, Length(1, 63)] public string? Domain { get; init; }
}

public sealed record DeleteUserPoolDomainRequest
{
    [Required, Length(1, 63)] public string? Domain { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record DomainDescriptionType
{
    public string? UserPoolId { get; init; }
    public string? AWSAccountId { get; init; }
    public string? Domain { get; init; }
    public string? CloudFrontDistribution { get; init; }
    public string? Version { get; init; }
    public string? Status { get; init; }
    public CustomDomainConfigType? CustomDomainConfig { get; init; }
    public int? ManagedLoginVersion { get; init; }
}

public sealed record DescribeUserPoolDomainResponse(DomainDescriptionType DomainDescription);

/// <summary>
/// Create/Describe/Update/DeleteUserPoolDomain: a pool's prefix domain and custom domain. Nothing is provisioned:
/// the server itself answers for every domain, so CloudFront's part is played by the server's own host.
/// </summary>
public sealed partial class DomainService(CognitoDbContext db, UserPoolService pools, CognitoOptions options, Issuer issuer, TimeProvider clock)
{
    private static readonly string[] ReservedWords = ["aws", "amazon", "cognito"];

    public async Task<UserPoolDomainResponse> CreateUserPoolDomain(UserPoolDomainRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var custom = request.CustomDomainConfig is not null;
        var name = request.Domain!;
        CheckName(name, custom);
        var version = CheckVersion(request);
        CheckTier(pool, version);
        if (await db.UserPoolDomains.AnyAsync(d => d.Domain == name, ct))
            throw Errors.InvalidParameter("Domain already associated with another user pool.");
        if (await db.UserPoolDomains.AnyAsync(d => d.UserPoolId == pool.Id && d.IsCustom == custom, ct))
            throw Errors.InvalidParameter("User Pool already has domain configured.");
        db.UserPoolDomains.Add(new UserPoolDomain
        {
            Domain = name,
            UserPoolId = pool.Id,
            IsCustom = custom,
            CertificateArn = request.CustomDomainConfig?.CertificateArn,
            SecurityPolicy = request.CustomDomainConfig?.SecurityPolicy,
            ManagedLoginVersion = version ?? 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw Errors.InvalidParameter("Domain already associated with another user pool.");
        }
        return new UserPoolDomainResponse(version ?? 1, custom ? ServerHost : null);
    }

    /// <summary>An unknown domain is not an error on AWS: the answer is an empty description.</summary>
    public async Task<DescribeUserPoolDomainResponse> DescribeUserPoolDomain(DescribeUserPoolDomainRequest request, CancellationToken ct)
    {
        var domain = await db.UserPoolDomains.AsNoTracking().FirstOrDefaultAsync(d => d.Domain == request.Domain, ct);
        return new DescribeUserPoolDomainResponse(domain is null ? new DomainDescriptionType() : new DomainDescriptionType
        {
            UserPoolId = domain.UserPoolId,
            AWSAccountId = options.AccountId,
            Domain = domain.Domain,
            CloudFrontDistribution = ServerHost,
            Version = domain.CreatedAt.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
            Status = "ACTIVE",
            CustomDomainConfig = domain.IsCustom
                ? new CustomDomainConfigType { CertificateArn = domain.CertificateArn, SecurityPolicy = domain.SecurityPolicy }
                : null,
            ManagedLoginVersion = domain.ManagedLoginVersion,
        });
    }

    /// <summary>Changes a custom domain's certificate or a domain's managed login version; what the request omits stays.</summary>
    public async Task<UserPoolDomainResponse> UpdateUserPoolDomain(UserPoolDomainRequest request, CancellationToken ct)
    {
        var domain = await Find(request.UserPoolId!, request.Domain!, ct);
        var version = CheckVersion(request);
        CheckTier(await pools.FindPool(domain.UserPoolId, ct), version);
        if (request.CustomDomainConfig is not null && !domain.IsCustom)
            throw Errors.InvalidParameter("CustomDomainConfig can only be updated for a custom domain.");
        if (request.CustomDomainConfig is { } config)
        {
            domain.CertificateArn = config.CertificateArn;
            domain.SecurityPolicy = config.SecurityPolicy;
        }
        if (version is not null) domain.ManagedLoginVersion = version;
        await db.SaveChangesAsync(ct);
        return new UserPoolDomainResponse(domain.ManagedLoginVersion, domain.IsCustom ? ServerHost : null);
    }

    public async Task<Empty> DeleteUserPoolDomain(DeleteUserPoolDomainRequest request, CancellationToken ct)
    {
        db.UserPoolDomains.Remove(await Find(request.UserPoolId!, request.Domain!, ct));
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    private async Task<UserPoolDomain> Find(string userPoolId, string name, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        return await db.UserPoolDomains.FirstOrDefaultAsync(d => d.Domain == name && d.UserPoolId == userPoolId, ct)
            ?? throw Errors.InvalidParameter("No such domain or user pool exists.");
    }

    private string ServerHost => new Uri(issuer.EndpointBase).Authority;

    private static int? CheckVersion(UserPoolDomainRequest request)
    {
        if (request.Routing is not null)
            throw Errors.InvalidParameter("Routing applies to replicated user pools, which CognitoLite does not have.");
        if (request.ManagedLoginVersion is not (null or 1 or 2))
            throw Errors.InvalidParameter("ManagedLoginVersion must be 1 (hosted UI classic) or 2 (managed login).");
        return request.ManagedLoginVersion;
    }

    /// <summary>Managed login (version 2) needs the ESSENTIALS or PLUS feature plan; the classic hosted UI (1) any.</summary>
    private static void CheckTier(UserPool pool, int? version)
    {
        if (version == 2 && pool.Settings.UserPoolTier == "LITE")
            throw Errors.FeatureUnavailableInTier("Managed login (ManagedLoginVersion 2) is not available in the LITE tier.");
    }

    private static void CheckName(string name, bool custom)
    {
        if (!custom)
        {
            if (!Prefix().IsMatch(name))
                throw Errors.InvalidParameter($"The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: {Prefix()}");
            if (ReservedWords.FirstOrDefault(name.Contains) is { } word)
                throw Errors.InvalidParameter($"Domain cannot contain reserved word: {word}");
        }
        else if (!name.Contains('.') || !name.Split('.').All(Prefix().IsMatch))
        {
            throw Errors.InvalidParameter($"The custom domain {name} is not a valid fully qualified domain name.");
        }
    }

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$")]
    private static partial Regex Prefix();
}
