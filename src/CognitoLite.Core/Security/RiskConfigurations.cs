using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Security;

/// <summary>
/// SetRiskConfiguration and DescribeRiskConfiguration: threat protection's settings for a pool, and for app clients that
/// replace the pool's with their own. Only a pool whose UserPoolAddOns turn threat protection on (AUDIT or ENFORCED) has them.
/// </summary>
public sealed class RiskConfigurations(CognitoDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Stores the given settings for the pool, or for the client when ClientId is given. Without any of the three
    /// configurations, the pool's go back to the defaults (none), or the client's are dropped so that it inherits the pool's.
    /// </summary>
    public async Task<RiskConfigurationResponse> SetRiskConfiguration(SetRiskConfigurationRequest request, CancellationToken ct)
    {
        var userPoolId = request.UserPoolId!;
        await RequireEnabled(userPoolId, request.ClientId, ct);
        var settings = request.ToStored();
        CheckRanges(settings.RiskExceptionConfiguration?.BlockedIPRangeList, "BlockedIPRangeList");
        CheckRanges(settings.RiskExceptionConfiguration?.SkippedIPRangeList, "SkippedIPRangeList");

        var clientId = request.ClientId ?? RiskConfiguration.PoolWide;
        var row = await db.RiskConfigurations.FirstOrDefaultAsync(c => c.UserPoolId == userPoolId && c.ClientId == clientId, ct);
        if (settings is { CompromisedCredentialsRiskConfiguration: null, AccountTakeoverRiskConfiguration: null, RiskExceptionConfiguration: null })
        {
            if (row is not null) db.RiskConfigurations.Remove(row);
            await db.SaveChangesAsync(ct);
            return new RiskConfigurationResponse(new RiskConfigurationType { UserPoolId = userPoolId, ClientId = request.ClientId });
        }
        if (row is null)
        {
            row = new RiskConfiguration { UserPoolId = userPoolId, ClientId = clientId, Settings = settings };
            db.RiskConfigurations.Add(row);
        }
        row.Settings = settings;
        row.LastModifiedDate = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new RiskConfigurationResponse(row.ToWire());
    }

    /// <summary>The client's own settings when it has them, otherwise the pool's (which the client inherits).</summary>
    public async Task<RiskConfigurationResponse> DescribeRiskConfiguration(DescribeRiskConfigurationRequest request, CancellationToken ct)
    {
        await RequireEnabled(request.UserPoolId!, request.ClientId, ct);
        var row = await Find(request.UserPoolId!, request.ClientId, ct);
        return new RiskConfigurationResponse(row?.ToWire() ?? new RiskConfigurationType { UserPoolId = request.UserPoolId, ClientId = request.ClientId });
    }

    /// <summary>The settings a sign-in through this client is judged by: the client's, else the pool's, else none.</summary>
    public async Task<StoredRiskConfiguration> For(string userPoolId, string? clientId, CancellationToken ct) =>
        (await Find(userPoolId, clientId, ct))?.Settings ?? new StoredRiskConfiguration();

    private Task<RiskConfiguration?> Find(string userPoolId, string? clientId, CancellationToken ct) =>
        // A client's id sorts after the pool-wide "", so the client's own row comes first when it has one.
        db.RiskConfigurations.AsNoTracking()
            .Where(c => c.UserPoolId == userPoolId && (c.ClientId == RiskConfiguration.PoolWide || c.ClientId == clientId))
            .OrderByDescending(c => c.ClientId).FirstOrDefaultAsync(ct);

    private async Task RequireEnabled(string userPoolId, string? clientId, CancellationToken ct)
    {
        var pool = await db.UserPools.AsNoTracking().FirstOrDefaultAsync(p => p.Id == userPoolId, ct) ?? throw Errors.UserPoolNotFound(userPoolId);
        if (ThreatProtection.Mode(pool) == ThreatProtection.Off) throw Errors.UserPoolAddOnNotEnabled();
        if (clientId is not null && !await db.AppClients.AnyAsync(c => c.Id == clientId && c.UserPoolId == userPoolId, ct))
            throw Errors.AppClientNotFound(clientId);
    }

    private static void CheckRanges(List<string>? ranges, string member)
    {
        foreach (var range in ranges ?? [])
            if (!IpRanges.TryParse(range, out _, bareAddress: false))
                throw Errors.InvalidParameter($"{member}: {range} is not an IP address range in CIDR notation.");
    }
}
