using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Api;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Groups;
using CognitoLite.Core.IdentityPools;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.UserPools;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Seed;

/// <summary>
/// The seed file (`--seed FILE`): pools, clients, groups and users with fixed ids, created at start-up when
/// missing, so a test suite can hard-code them. Each pool is an object of CreateUserPool's members plus `Id`,
/// `Clients` (CreateUserPoolClient's members plus `ClientId`, `ClientSecret`), `Groups` (CreateGroup's members)
/// and `Users` (`Username`, `Password` or `PasswordHash`, `Attributes`, `Status`, `Enabled`, `Groups`), `Domain` (a prefix),
/// `ResourceServers` (CreateResourceServer's members) and `IdentityProviders` (CreateIdentityProvider's). Identity pools
/// are CreateIdentityPool's members plus `IdentityPoolId`, `Roles` and `RoleMappings` (SetIdentityPoolRoles').
/// The README documents the format.
/// </summary>
public sealed partial class SeedService(
    CognitoDbContext db,
    UserPoolService pools,
    AppClientService clients,
    ResourceServerService resourceServers,
    IdentityProviderService identityProviders,
    DomainService domains,
    GroupService groups,
    UserDirectory directory,
    IdentityPoolService identityPools,
    PasswordHasher hasher,
    SigningKeyCache keyCache,
    IamRoles roles,
    UserPoolCache poolCache,
    TimeProvider clock)
{
    public async Task Apply(string path, CancellationToken ct)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(await File.ReadAllTextAsync(path, ct)) as JsonObject
                ?? throw new InvalidOperationException("the document must be a JSON object");
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Seed file {path}: {e.Message}", e);
        }
        ApplyRoles(document, path);
        // All or nothing: a seed error leaves the database as it was, not half seeded.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await ApplyPools(document, path, ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            keyCache.Forget(null);
            poolCache.Forget();
            throw;
        }
    }

    private async Task ApplyPools(JsonObject document, string path, CancellationToken ct)
    {
        foreach (var node in document["UserPools"] as JsonArray ?? [])
        {
            var pool = node as JsonObject ?? throw new InvalidOperationException($"Seed file {path}: each of UserPools must be an object.");
            try
            {
                await ApplyPool(pool, ct);
            }
            catch (CognitoException e)
            {
                throw new InvalidOperationException($"Seed file {path}, pool {pool["Id"]}: {e.Type}: {e.Message}", e);
            }
        }
        foreach (var node in document["IdentityPools"] as JsonArray ?? [])
        {
            var pool = node as JsonObject ?? throw new InvalidOperationException($"Seed file {path}: each of IdentityPools must be an object.");
            try
            {
                await ApplyIdentityPool(pool, ct);
            }
            catch (CognitoException e)
            {
                throw new InvalidOperationException($"Seed file {path}, identity pool {pool["IdentityPoolId"]}: {e.Type}: {e.Message}", e);
            }
        }
    }

    private async Task ApplyIdentityPool(JsonObject seed, CancellationToken ct)
    {
        var id = Text(seed, "IdentityPoolId") ?? throw Errors.InvalidParameter("Every seeded identity pool needs an IdentityPoolId such as us-east-1:00000000-0000-0000-0000-000000000001.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, $"^{IdentityIds.Pattern}$") || id.Length > 55)
            throw Errors.InvalidParameter($"IdentityPoolId '{id}' does not look like an identity pool id (region:lower-case uuid).");
        if (await db.IdentityPools.AnyAsync(p => p.Id == id, ct)) return;
        await identityPools.CreateIdentityPool(Read<CreateIdentityPoolRequest>(seed), id, ct);
        if (seed["Roles"] is not null || seed["RoleMappings"] is not null)
            await identityPools.SetIdentityPoolRoles(Read<SetIdentityPoolRolesRequest>(new JsonObject
            {
                ["IdentityPoolId"] = id,
                ["Roles"] = seed["Roles"]?.DeepClone() ?? new JsonObject(),
                ["RoleMappings"] = seed["RoleMappings"]?.DeepClone(),
            }), ct);
    }

    /// <summary>
    /// `Roles`: `RoleArn`, `Policies` (policy documents as JSON objects, or file paths), `TrustPolicy`, `MaxSessionDuration`,
    /// as CognitoLite:Roles in configuration. Declared in memory at every start: roles are configuration, not data.
    /// </summary>
    private void ApplyRoles(JsonObject document, string path)
    {
        var seeded = (document["Roles"] as JsonArray ?? []).Select((node, i) =>
        {
            var role = node as JsonObject ?? throw new InvalidOperationException($"Seed file {path}: each of Roles must be an object.");
            return new RoleOptions
            {
                RoleArn = Text(role, "RoleArn") ?? "",
                Policies = (role["Policies"] as JsonArray ?? []).Select(policy => PolicySource(policy, path)).ToList(),
                TrustPolicy = role["TrustPolicy"] is { } trust ? PolicySource(trust, path) : null,
                // Anything but a whole number is out of range, so the check names the setting.
                MaxSessionDuration = role["MaxSessionDuration"] switch
                {
                    null => 3600,
                    JsonValue value when value.TryGetValue<int>(out var seconds) => seconds,
                    _ => 0,
                },
            };
        });
        foreach (var role in IamRoles.Load(seeded.ToList(), $"Seed file {path}, Roles")) roles.Declare(role);
    }

    // A policy in the seed is the document itself (an object or JSON text), or a file path relative to the seed file.
    private static string PolicySource(JsonNode? policy, string seedPath) => policy switch
    {
        JsonObject document => document.ToJsonString(),
        JsonValue value when value.TryGetValue<string>(out var text) => text.TrimStart().StartsWith('{')
            ? text
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(seedPath))!, text),
        _ => throw new InvalidOperationException($"Seed file {seedPath}: each policy must be a JSON object or a file path."),
    };

    /// <summary>Wipes every pool (or one), and what belongs to it, before the seed is applied again.</summary>
    public async Task Reset(string? userPoolId, CancellationToken ct)
    {
        if (userPoolId is null)
        {
            await db.UserPools.ExecuteDeleteAsync(ct);
            await db.Outbox.ExecuteDeleteAsync(ct);
            await db.IdentityPools.ExecuteDeleteAsync(ct);
        }
        else
        {
            await db.UserPools.Where(p => p.Id == userPoolId).ExecuteDeleteAsync(ct);
            await db.Outbox.Where(m => m.UserPoolId == userPoolId).ExecuteDeleteAsync(ct);
        }
        keyCache.Forget(userPoolId);
        poolCache.Forget();
    }

    private async Task ApplyPool(JsonObject seed, CancellationToken ct)
    {
        var id = Text(seed, "Id") ?? throw Errors.InvalidParameter("Every seeded pool needs an Id such as us-east-1_Example01.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, $"^{Ids.UserPoolIdPattern}$") || id.Length > 55)
            throw Errors.InvalidParameter($"Pool Id '{id}' does not look like a user pool id (region_alphanumerics).");
        if (!await db.UserPools.AnyAsync(p => p.Id == id, ct))
            await pools.CreateUserPool(Read<CreateUserPoolRequest>(seed), id, ct);
        var pool = await db.UserPools.FirstAsync(p => p.Id == id, ct);

        if (Text(seed, "Domain") is { } domain && !await db.UserPoolDomains.AnyAsync(d => d.Domain == domain && d.UserPoolId == id, ct))
            await domains.CreateUserPoolDomain(new UserPoolDomainRequest { UserPoolId = id, Domain = domain }, ct);

        // Before the clients, whose AllowedOAuthScopes may name their scopes.
        foreach (var server in Objects(seed, "ResourceServers"))
        {
            var request = Read<ResourceServerRequest>(server, new() { ["UserPoolId"] = id });
            if (!await db.ResourceServers.AnyAsync(s => s.UserPoolId == id && s.Identifier == request.Identifier, ct))
                await resourceServers.CreateResourceServer(request, ct);
        }

        // Before the clients, whose SupportedIdentityProviders may name them.
        foreach (var provider in Objects(seed, "IdentityProviders"))
        {
            var request = Read<CreateIdentityProviderRequest>(provider, new() { ["UserPoolId"] = id });
            if (!await db.IdentityProviders.AnyAsync(p => p.UserPoolId == id && p.ProviderName == request.ProviderName, ct))
                await identityProviders.CreateIdentityProvider(request, ct);
        }

        foreach (var client in Objects(seed, "Clients"))
        {
            var clientId = Text(client, "ClientId") ?? throw Errors.InvalidParameter("Every seeded client needs a ClientId.");
            if (await db.AppClients.AnyAsync(c => c.Id == clientId, ct)) continue;
            var request = Read<CreateUserPoolClientRequest>(client, new() { ["UserPoolId"] = id });
            await clients.CreateUserPoolClient(request, clientId, ct);
        }

        foreach (var group in Objects(seed, "Groups"))
        {
            var request = Read<CreateGroupRequest>(group, new() { ["UserPoolId"] = id });
            if (!await db.Groups.AnyAsync(g => g.UserPoolId == id && g.GroupName == request.GroupName, ct))
                await groups.CreateGroup(request, ct);
        }

        foreach (var user in Objects(seed, "Users"))
            await ApplyUser(pool, user, ct);
    }

    private async Task ApplyUser(UserPool pool, JsonObject seed, CancellationToken ct)
    {
        var username = Text(seed, "Username") ?? throw Errors.InvalidParameter("Every seeded user needs a Username.");
        // By name, or by the email or phone typed as the username in a pool with UsernameAttributes.
        if (await directory.Find(pool, username, ct) is not null) return;
        var attributes = AttributeRules.Check(pool, client: null, (seed["Attributes"] as JsonObject ?? [])
            .Select(a => new AttributeType { Name = a.Key, Value = a.Value?.ToString() }).ToList(), creating: true);
        var sub = Guid.TryParse(Text(seed, "Sub"), out var fixedSub) ? fixedSub : Guid.NewGuid();
        // As SignUp and AdminCreateUser: in a pool with UsernameAttributes the username is the sub.
        var canonical = UserService.CanonicalUsername(pool, username, attributes, sub);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = UserService.NewUser(pool, canonical, sub, Text(seed, "Status") ?? UserStatus.Confirmed, attributes, now);
        user.Enabled = seed["Enabled"]?.GetValue<bool>() ?? true;
        if (user.Status is not (UserStatus.Confirmed or UserStatus.Unconfirmed or UserStatus.ForceChangePassword or UserStatus.ResetRequired))
            throw Errors.InvalidParameter($"User {username}: Status must be CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD or RESET_REQUIRED.");
        if (Text(seed, "Password") is { } password)
        {
            hasher.SetPassword(user, password);
        }
        else if (Text(seed, "PasswordHash") is { } hash)
        {
            // A bcrypt hash from elsewhere: password sign-in works; SRP needs the password itself to make a verifier.
            if (!BcryptHash().IsMatch(hash))
                throw Errors.InvalidParameter($"User {username}: PasswordHash must be a bcrypt hash ($2a$, $2b$ or $2y$, a cost of 04 to 31, then 53 characters of salt and hash).");
            user.PasswordHash = hash;
        }
        if (user.Status == UserStatus.ForceChangePassword) user.TemporaryPasswordExpiresAt = now + TimeSpan.FromDays(pool.Settings.Policies.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7);
        UserDirectory.RefreshLookups(pool, user);
        db.Users.Add(user);
        foreach (var group in (seed["Groups"] as JsonArray ?? []).Select(g => g!.GetValue<string>()))
        {
            if (!await db.Groups.AnyAsync(g => g.UserPoolId == pool.Id && g.GroupName == group, ct))
                throw Errors.InvalidParameter($"User {username}: group {group} is not in the pool's Groups.");
            db.GroupMemberships.Add(new GroupMembership { UserPoolId = pool.Id, GroupName = group, UserId = user.Id });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException taken) when (UserService.Taken(pool, taken, creating: true) is { } error)
        {
            throw Errors.InvalidParameter($"User {username}: {error.Message}");
        }
    }

    /// <summary>Reads a seed object as the operation's request, as if it had come over the wire, and validates it.</summary>
    private static T Read<T>(JsonObject node, Dictionary<string, string>? overrides = null)
    {
        try
        {
            var copy = (JsonObject)node.DeepClone();
            foreach (var (name, value) in overrides ?? []) copy[name] = value;
            var request = copy.Deserialize<T>(CognitoJson.Options)!;
            ApiValidator.Validate(request);
            return request;
        }
        catch (JsonException e)
        {
            throw Errors.Serialization(e.Message);
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonObject parent, string name) =>
        (parent[name] as JsonArray ?? []).Select(n => n as JsonObject ?? throw Errors.InvalidParameter($"Each of {name} must be an object."));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial System.Text.RegularExpressions.Regex BcryptHash();

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
