using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

/// <summary>App client management: Create/Describe/Update/Delete/ListUserPoolClients.</summary>
public sealed class AppClientService(CognitoDbContext db, UserPoolService pools, UserPoolCache cache, SecretProtector secrets, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> StandardScopes =
        new HashSet<string> { "phone", "email", "openid", "profile", "aws.cognito.signin.user.admin" };

    private static readonly List<string> DefaultAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"];

    public Task<UserPoolClientResponse> CreateUserPoolClient(CreateUserPoolClientRequest request, CancellationToken ct) =>
        CreateUserPoolClient(request, Ids.NewClientId(), ct);

    /// <summary>CreateUserPoolClient with a chosen id (seed files fix client ids and secrets).</summary>
    internal async Task<UserPoolClientResponse> CreateUserPoolClient(CreateUserPoolClientRequest request, string id, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        if (request.ClientSecret is not null && request.GenerateSecret == false)
            throw Errors.InvalidParameter("ClientSecret cannot be given when GenerateSecret is false.");
        var secret = request.ClientSecret ?? (request.GenerateSecret == true ? Ids.NewClientSecret() : null);
        var settings = Normalise(request, pool, hasSecret: secret is not null, await CustomScopes(pool.Id, request, ct), await IdentityProviders(pool.Id, request, ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var client = new AppClient
        {
            Id = id,
            UserPoolId = pool.Id,
            Name = request.ClientName!,
            Secrets = secret is null ? [] : [ClientSecrets.NewSecret(id, secret, now, secrets)],
            CreatedAt = now,
            ModifiedAt = now,
            Settings = settings.ToStored(),
        };
        db.AppClients.Add(client);
        await db.SaveChangesAsync(ct);
        return new UserPoolClientResponse(Describe(client));
    }

    public async Task<UserPoolClientResponse> DescribeUserPoolClient(UserPoolClientRequest request, CancellationToken ct) =>
        new(Describe(await FindClient(request.UserPoolId!, request.ClientId!, ct)));

    /// <summary>As on AWS, settings the request leaves out return to their defaults.</summary>
    public async Task<UserPoolClientResponse> UpdateUserPoolClient(UpdateUserPoolClientRequest request, CancellationToken ct)
    {
        var client = await FindClient(request.UserPoolId!, request.ClientId!, ct);
        var pool = await pools.FindPool(client.UserPoolId, ct);
        client.Settings = Normalise(request, pool, hasSecret: client.Secrets.Count > 0, await CustomScopes(pool.Id, request, ct), await IdentityProviders(pool.Id, request, ct)).ToStored();
        if (request.ClientName is not null) client.Name = request.ClientName;
        client.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Forget();
        return new UserPoolClientResponse(Describe(client));
    }

    public async Task<Empty> DeleteUserPoolClient(UserPoolClientRequest request, CancellationToken ct)
    {
        var client = await FindClient(request.UserPoolId!, request.ClientId!, ct);
        db.AppClients.Remove(client);
        await db.SaveChangesAsync(ct);
        // Pool-level customisation has no client to cascade from, so client-level rows go explicitly.
        await db.UICustomizations.Where(u => u.UserPoolId == client.UserPoolId && u.ClientId == client.Id).ExecuteDeleteAsync(ct);
        cache.Forget();
        return Empty.Value;
    }

    public async Task<ListUserPoolClientsResponse> ListUserPoolClients(ListUserPoolClientsRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var limit = request.MaxResults ?? 60;
        var after = PageToken.Decode(request.NextToken);
        var query = db.AppClients.AsNoTracking().Where(c => c.UserPoolId == pool.Id);
        if (after is not null) query = query.Where(c => string.Compare(c.Id, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(c => c.Id).Take(limit + 1)
            .Select(c => new UserPoolClientDescription(c.Id, c.UserPoolId, c.Name)).ToListAsync(ct), limit, c => c.ClientId);
        return new ListUserPoolClientsResponse(page, next);
    }

    internal async Task<AppClient> FindClient(string userPoolId, string clientId, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        return await db.AppClients.FirstOrDefaultAsync(c => c.Id == clientId && c.UserPoolId == userPoolId, ct)
            ?? throw Errors.AppClientNotFound(clientId);
    }

    private UserPoolClientType Describe(AppClient client)
    {
        var s = client.Settings.ToWire();
        return new UserPoolClientType
        {
            UserPoolId = client.UserPoolId,
            ClientName = client.Name,
            ClientId = client.Id,
            ClientSecret = client.Secrets.Count == 0 ? null : secrets.Unprotect(client.Secrets[0].Cipher),
            LastModifiedDate = UserPoolService.Utc(client.ModifiedAt),
            CreationDate = UserPoolService.Utc(client.CreatedAt),
            RefreshTokenValidity = s.RefreshTokenValidity,
            AccessTokenValidity = s.AccessTokenValidity,
            IdTokenValidity = s.IdTokenValidity,
            TokenValidityUnits = s.TokenValidityUnits,
            ReadAttributes = s.ReadAttributes,
            WriteAttributes = s.WriteAttributes,
            ExplicitAuthFlows = s.ExplicitAuthFlows,
            SupportedIdentityProviders = s.SupportedIdentityProviders,
            CallbackURLs = s.CallbackURLs,
            LogoutURLs = s.LogoutURLs,
            DefaultRedirectURI = s.DefaultRedirectURI,
            AllowedOAuthFlows = s.AllowedOAuthFlows,
            AllowedOAuthScopes = s.AllowedOAuthScopes,
            AllowedOAuthFlowsUserPoolClient = s.AllowedOAuthFlowsUserPoolClient,
            AnalyticsConfiguration = s.AnalyticsConfiguration,
            PreventUserExistenceErrors = s.PreventUserExistenceErrors,
            EnableTokenRevocation = s.EnableTokenRevocation,
            EnablePropagateAdditionalUserContextData = s.EnablePropagateAdditionalUserContextData,
            AuthSessionValidity = s.AuthSessionValidity,
            RefreshTokenRotation = s.RefreshTokenRotation,
        };
    }

    /// <summary>Checks a client's settings as AWS does and fills in AWS's defaults; the result is what is stored.</summary>
    private static AppClientSettings Normalise(AppClientSettings given, UserPool pool, bool hasSecret, IReadOnlySet<string> customScopes, IReadOnlySet<string> identityProviders)
    {
        var units = given.TokenValidityUnits;
        CheckValidity("AccessTokenValidity", given.AccessTokenValidity, units?.AccessToken ?? "hours", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
        CheckValidity("IdTokenValidity", given.IdTokenValidity, units?.IdToken ?? "hours", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
        CheckValidity("RefreshTokenValidity", given.RefreshTokenValidity, units?.RefreshToken ?? "days", TimeSpan.FromMinutes(60), TimeSpan.FromDays(3650));

        var flows = given.ExplicitAuthFlows is { Count: > 0 } ? given.ExplicitAuthFlows.Distinct().ToList() : DefaultAuthFlows;
        var allowStyle = flows.Count(f => f.StartsWith("ALLOW_", StringComparison.Ordinal));
        if (allowStyle != 0 && allowStyle != flows.Count)
            throw Errors.InvalidParameter("ExplicitAuthFlows cannot mix legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH) with ALLOW_ values.");
        if (flows.Contains("ALLOW_USER_AUTH") && pool.Settings.UserPoolTier == "LITE")
            throw Errors.FeatureUnavailableInTier("ALLOW_USER_AUTH is not available in the LITE tier.");

        var attributes = pool.Settings.SchemaAttributes.Select(a => a.Name!).ToHashSet();
        foreach (var name in given.ReadAttributes ?? [])
            if (!attributes.Contains(name)) throw Errors.InvalidParameter("Invalid read attributes specified while creating a client");
        foreach (var name in given.WriteAttributes ?? [])
            if (!attributes.Contains(name) || name is "sub")
                throw Errors.InvalidParameter("Invalid write attributes specified while creating a client");

        CheckOAuth(given, pool.Id, hasSecret, customScopes, identityProviders);

        return new AppClientSettings
        {
            RefreshTokenValidity = given.RefreshTokenValidity ?? 30,
            AccessTokenValidity = given.AccessTokenValidity,
            IdTokenValidity = given.IdTokenValidity,
            TokenValidityUnits = given.TokenValidityUnits,
            ReadAttributes = given.ReadAttributes,
            WriteAttributes = given.WriteAttributes,
            ExplicitAuthFlows = flows,
            SupportedIdentityProviders = given.SupportedIdentityProviders,
            CallbackURLs = given.CallbackURLs,
            LogoutURLs = given.LogoutURLs,
            DefaultRedirectURI = given.DefaultRedirectURI,
            AllowedOAuthFlows = given.AllowedOAuthFlows,
            AllowedOAuthScopes = given.AllowedOAuthScopes,
            AllowedOAuthFlowsUserPoolClient = given.AllowedOAuthFlowsUserPoolClient ?? false,
            AnalyticsConfiguration = given.AnalyticsConfiguration,
            PreventUserExistenceErrors = given.PreventUserExistenceErrors ?? "ENABLED",
            EnableTokenRevocation = given.EnableTokenRevocation ?? true,
            EnablePropagateAdditionalUserContextData = given.EnablePropagateAdditionalUserContextData ?? false,
            AuthSessionValidity = given.AuthSessionValidity ?? 3,
            // AWS describes every client's rotation, DISABLED with no grace period unless given.
            RefreshTokenRotation = new RefreshTokenRotationType
            {
                Feature = given.RefreshTokenRotation?.Feature ?? "DISABLED",
                RetryGracePeriodSeconds = given.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0,
            },
        };
    }

    private static void CheckValidity(string member, int? value, string unit, TimeSpan min, TimeSpan max)
    {
        if (value is null) return;
        var span = unit switch
        {
            "seconds" => TimeSpan.FromSeconds(value.Value),
            "minutes" => TimeSpan.FromMinutes(value.Value),
            "hours" => TimeSpan.FromHours(value.Value),
            _ => TimeSpan.FromDays(value.Value),
        };
        if (span < min || span > max)
            throw Errors.InvalidParameter($"Invalid range for token validity: {member} must be between {Describe(min)} and {Describe(max)}.");
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0} day(s)" : span.TotalHours >= 1 ? $"{span.TotalHours:0} hour(s)" : $"{span.TotalMinutes:0} minutes";

    /// <summary>The resource servers' scopes (`identifier/name`) of the pool, read only when the request names one.</summary>
    private async Task<IReadOnlySet<string>> CustomScopes(string userPoolId, AppClientSettings given, CancellationToken ct)
    {
        if (given.AllowedOAuthScopes?.All(StandardScopes.Contains) != false) return new HashSet<string>();
        var servers = await db.ResourceServers.AsNoTracking().Where(s => s.UserPoolId == userPoolId).ToListAsync(ct);
        return servers.SelectMany(s => s.Scopes.Select(scope => $"{s.Identifier}/{scope.Name}")).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names of the pool's identity providers, read only when the request names a provider besides COGNITO.</summary>
    private async Task<IReadOnlySet<string>> IdentityProviders(string userPoolId, AppClientSettings given, CancellationToken ct)
    {
        if (given.SupportedIdentityProviders?.All(p => p == "COGNITO") != false) return new HashSet<string>();
        return (await db.IdentityProviders.AsNoTracking().Where(p => p.UserPoolId == userPoolId).Select(p => p.ProviderName).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static void CheckOAuth(AppClientSettings given, string userPoolId, bool hasSecret, IReadOnlySet<string> customScopes, IReadOnlySet<string> identityProviders)
    {
        var flows = given.AllowedOAuthFlows ?? [];
        var scopes = given.AllowedOAuthScopes ?? [];
        foreach (var provider in given.SupportedIdentityProviders ?? [])
            if (provider != "COGNITO" && !identityProviders.Contains(provider))
                throw Errors.InvalidParameter($"The provider {provider} does not exist for User Pool {userPoolId}.");
        if (flows.Contains("client_credentials") && (flows.Contains("code") || flows.Contains("implicit")))
            throw Errors.InvalidOAuthFlow("client_credentials flow can not be selected along with code flow or implicit flow.");
        if (flows.Contains("client_credentials") && !hasSecret)
            throw Errors.InvalidOAuthFlow("client_credentials flow can not be selected if client does not have a client secret.");
        if (given.AllowedOAuthFlowsUserPoolClient == true && (flows.Count == 0 || scopes.Count == 0))
            throw Errors.InvalidOAuthFlow("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.");
        foreach (var scope in scopes)
            if (!StandardScopes.Contains(scope) && !customScopes.Contains(scope))
                throw Errors.ScopeDoesNotExist($"Invalid scope requested: {scope}");
        // A machine client has no user: its tokens carry resource-server scopes only.
        if (flows.Contains("client_credentials") && scopes.FirstOrDefault(StandardScopes.Contains) is { } userScope)
            throw Errors.InvalidOAuthFlow($"{userScope} is not supported with client_credentials flow");
        if (given.AllowedOAuthFlowsUserPoolClient == true && (flows.Contains("code") || flows.Contains("implicit")) && given.CallbackURLs is not { Count: > 0 })
            throw Errors.InvalidParameter("A redirect URI must be specified for the code and implicit flows: CallbackURLs cannot be empty.");
        foreach (var url in (given.CallbackURLs ?? []).Concat(given.LogoutURLs ?? []))
            CheckRedirect(url);
        if (given.DefaultRedirectURI is not null && given.CallbackURLs?.Contains(given.DefaultRedirectURI) != true)
            throw Errors.InvalidParameter("DefaultRedirectURI must be one of the CallbackURLs.");
    }

    /// <summary>AWS accepts https everywhere, plain http only for the local machine, and no fragments.</summary>
    private static void CheckRedirect(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
            throw Errors.InvalidParameter($"Invalid redirect URL: {url}");
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw Errors.InvalidParameter($"Invalid redirect URL: {url}. http is only allowed for localhost.");
    }
}
