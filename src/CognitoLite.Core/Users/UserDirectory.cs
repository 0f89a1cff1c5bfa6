using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;
using CognitoLite.Core.UserPools;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Users;

/// <summary>
/// Finds clients and users the way Cognito resolves them: a user by username, by alias (verified email,
/// phone or preferred_username), by the username attribute, or by sub, each folded as the pool compares.
/// </summary>
public sealed class UserDirectory(CognitoDbContext db, SecretProtector secrets, UserPoolCache cache)
{
    public async Task<(UserPool Pool, AppClient Client)> Client(string clientId, CancellationToken ct)
    {
        var client = await FindClient(clientId, ct) ?? throw Errors.AppClientNotFound(clientId);
        Telemetry.Describe(client.UserPoolId, client.Id);
        return (await Pool(client.UserPoolId, ct), client);
    }

    public async Task<(UserPool Pool, AppClient Client)> Client(string userPoolId, string clientId, CancellationToken ct)
    {
        var pool = await Pool(userPoolId, ct);
        var client = await FindClient(clientId, ct);
        return client is not null && client.UserPoolId == userPoolId
            ? (pool, client)
            : throw Errors.AppClientNotFound(clientId);
    }

    /// <summary>The pool, from the per-process cache (<see cref="UserPoolCache"/>): shared and read-only.</summary>
    public async Task<UserPool> Pool(string userPoolId, CancellationToken ct) =>
        await cache.Pool(userPoolId, () => db.UserPools.AsNoTracking().FirstOrDefaultAsync(p => p.Id == userPoolId, ct))
        ?? throw Errors.UserPoolNotFound(userPoolId);

    private Task<AppClient?> FindClient(string clientId, CancellationToken ct) =>
        cache.Client(clientId, () => db.AppClients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clientId, ct));

    /// <summary>
    /// SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId)), compared in constant time; any of the client's
    /// secrets (two while one is rotated out) and any of the given names may have been used.
    /// </summary>
    public void CheckSecretHash(AppClient client, string? secretHash, params string[] usernames)
    {
        if (client.Secrets.Count == 0) return;
        if (string.IsNullOrEmpty(secretHash))
            throw Errors.NotAuthorized($"Client {client.Id} is configured with secret but SECRET_HASH was not received");
        var given = Encoding.UTF8.GetBytes(secretHash);
        var matched = false;
        foreach (var stored in client.Secrets)
        {
            var secret = Encoding.UTF8.GetBytes(secrets.Unprotect(stored.Cipher));
            foreach (var username in usernames.Distinct())
                matched |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(SecretHash(secret, client, username)), given);
        }
        if (!matched) throw Errors.NotAuthorized($"Unable to verify secret hash for client {client.Id}");
    }

    /// <summary>
    /// The SECRET_HASH the client itself would send for a username (null for a public client): the managed login pages are
    /// the client's own front end, so the operations they call check it as they would for any client.
    /// </summary>
    public string? SecretHashFor(AppClient client, string username) =>
        client.Secrets.Count == 0 ? null : SecretHash(Encoding.UTF8.GetBytes(secrets.Unprotect(client.Secrets[0].Cipher)), client, username);

    private static string SecretHash(byte[] secret, AppClient client, string username) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(username + client.Id)));

    /// <summary>True for a public client, or when the secret is one of the client's, compared in constant time.</summary>
    public bool CheckClientSecret(AppClient client, string? secret)
    {
        if (client.Secrets.Count == 0) return true;
        if (secret is null) return false;
        var given = Encoding.UTF8.GetBytes(secret);
        var matched = false;
        foreach (var stored in client.Secrets)
            matched |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secrets.Unprotect(stored.Cipher)), given);
        return matched;
    }

    /// <summary>The user a sign-in name refers to, or null. The username wins over an alias of another user.</summary>
    public async Task<User?> Find(UserPool pool, string name, CancellationToken ct)
    {
        var usernameKey = UsernameKey(pool, name);
        var isSub = Guid.TryParse(name, out var sub);
        var found = isSub
            ? ByNameOrSub.For(db)(db, pool.Id, usernameKey, Fold(name), name, sub)
            : ByName.For(db)(db, pool.Id, usernameKey, Fold(name), name);
        var candidates = new List<User>();
        await foreach (var user in found.WithCancellation(ct)) candidates.Add(user);
        return candidates.FirstOrDefault(u => u.UsernameKey == usernameKey)
            ?? candidates.FirstOrDefault(u => isSub && u.Sub == sub)
            ?? candidates.FirstOrDefault();
    }

    /// <summary>
    /// Every user a name can refer to: by username, email or phone alias, preferred_username (and sub, for a name that is
    /// one). One indexed lookup each, as a UNION ALL: under the pool's condition SQLite uses no index for an OR of them
    /// and reads every user of the pool. Compiled, because every sign-in runs it.
    /// </summary>
    private static readonly CompiledQuery<Func<CognitoDbContext, string, string, string, string, IAsyncEnumerable<User>>> ByName = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string poolId, string usernameKey, string aliasKey, string name) =>
            db.Users.Where(u => u.UserPoolId == poolId && u.UsernameKey == usernameKey)
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.EmailAliasKey == aliasKey))
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.PhoneAliasKey == name))
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.PreferredUsernameKey == usernameKey))));

    private static readonly CompiledQuery<Func<CognitoDbContext, string, string, string, string, Guid, IAsyncEnumerable<User>>> ByNameOrSub = new(() =>
        EF.CompileAsyncQuery((CognitoDbContext db, string poolId, string usernameKey, string aliasKey, string name, Guid sub) =>
            db.Users.Where(u => u.UserPoolId == poolId && u.UsernameKey == usernameKey)
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.EmailAliasKey == aliasKey))
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.PhoneAliasKey == name))
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.PreferredUsernameKey == usernameKey))
                .Concat(db.Users.Where(u => u.UserPoolId == poolId && u.Sub == sub))));

    public async Task<User> Require(UserPool pool, string name, CancellationToken ct) =>
        await Find(pool, name, ct) ?? throw Errors.UserNotFound();

    /// <summary>The user of a challenge session, who must also be the one the USERNAME response names.</summary>
    public async Task<User> SessionUser(UserPool pool, AuthSession session, string username, CancellationToken ct)
    {
        var user = await Find(pool, username, ct);
        if (user is null || user.Id != session.UserId) throw Errors.InvalidSession();
        return user;
    }

    public static string UsernameKey(UserPool pool, string username) =>
        pool.Settings.UsernameConfiguration?.CaseSensitive == true ? username : Fold(username);

    public static string Fold(string value) => value.ToLowerInvariant();

    /// <summary>
    /// Recomputes the columns derived from attributes: the aliases the pool's settings let the user sign in with,
    /// and the attributes ListUsers can filter on. Called after every attribute change.
    /// </summary>
    public static void RefreshLookups(UserPool pool, User user)
    {
        user.Email = user.Attributes.GetValueOrDefault("email");
        user.PhoneNumber = user.Attributes.GetValueOrDefault("phone_number");
        user.Name = user.Attributes.GetValueOrDefault("name");
        user.GivenName = user.Attributes.GetValueOrDefault("given_name");
        user.FamilyName = user.Attributes.GetValueOrDefault("family_name");
        user.PreferredUsername = user.Attributes.GetValueOrDefault("preferred_username");

        var usernameAttributes = pool.Settings.UsernameAttributes ?? [];
        var aliases = pool.Settings.AliasAttributes ?? [];
        user.Attributes.TryGetValue("email", out var email);
        user.Attributes.TryGetValue("phone_number", out var phone);
        user.Attributes.TryGetValue("preferred_username", out var preferred);
        var emailVerified = user.Attributes.GetValueOrDefault("email_verified") == "true";
        var phoneVerified = user.Attributes.GetValueOrDefault("phone_number_verified") == "true";

        // A federated user signs in through its provider only: its email or phone is no sign-in name, so it never takes
        // one from a native user of the same address (Cognito keeps them separate until linked).
        if (user.Status == UserStatus.ExternalProvider) email = phone = preferred = null;
        user.EmailAliasKey = email is not null && (usernameAttributes.Contains("email") || aliases.Contains("email") && emailVerified) ? Fold(email) : null;
        user.PhoneAliasKey = phone is not null && (usernameAttributes.Contains("phone_number") || aliases.Contains("phone_number") && phoneVerified) ? phone : null;
        user.PreferredUsernameKey = preferred is not null && aliases.Contains("preferred_username") ? UsernameKey(pool, preferred) : null;
    }
}
