using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

/// <summary>What an external provider said about a user once every check passed: its subject and its claims or SAML attributes.</summary>
public sealed record ProviderIdentity(string Subject, string? Issuer, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// The pool's side of a federated sign-in (spec/federation.md §6): the provider's user becomes (or is linked to) a user of
/// the pool. A first sign-in creates `&lt;ProviderName&gt;_&lt;subject&gt;` with status EXTERNAL_PROVIDER, its `identities`
/// attribute and membership of the automatic `&lt;poolId&gt;_&lt;ProviderName&gt;` group; every sign-in rewrites the mapped
/// attributes. A subject linked with AdminLinkProviderForUser signs in as the user it is linked to.
/// </summary>
public sealed class FederatedUsers(CognitoDbContext db, UserService users, LambdaTriggers triggers, TimeProvider clock)
{
    /// <summary>The user a provider's sign-in yields, created at the first one. Refusals are CognitoExceptions with Cognito's messages.</summary>
    public async Task<User> SignIn(UserPool pool, AppClient client, IdentityProvider provider, ProviderIdentity identity, CancellationToken ct)
    {
        var mapped = Map(pool, provider, identity);
        var user = await Linked(pool, provider, identity.Subject, mapped, ct);
        if (user is null)
        {
            var username = $"{provider.ProviderName}_{identity.Subject}";
            AttributeRules.CheckRequired(pool, mapped);
            await triggers.PreSignUp(pool, TriggerSource.PreSignUpExternalProvider, client.Id, username, mapped, null, null, ct);
            // The function may have linked the subject to an existing user (AdminLinkProviderForUser): that user signs in.
            user = await Linked(pool, provider, identity.Subject, mapped, ct);
            if (user is null)
            {
                user = await Create(pool, provider, identity, username, mapped, ct);
                await triggers.PostConfirmation(pool, TriggerSource.PostConfirmationConfirmSignUp, client.Id, user, null, ct);
            }
        }
        if (!user.Enabled) throw Errors.UserDisabled();
        // The provider authenticated the user; the pool's functions still see (and may refuse) the sign-in, as in Cognito.
        await triggers.PreAuthentication(pool, client, user.Username, user, null, ct);
        await triggers.PostAuthentication(pool, client, user, null, ct);
        return user;
    }

    /// <summary>The user a link names for this subject (or, for SAML links made by attribute, for one of its mapped attributes), with the mapped attributes written.</summary>
    private async Task<User?> Linked(UserPool pool, IdentityProvider provider, string subject, Dictionary<string, string> mapped, CancellationToken ct)
    {
        var links = await db.ProviderLinks.Where(l => l.UserPoolId == pool.Id && l.ProviderName == provider.ProviderName &&
            (l.ProviderAttributeName == ProviderLink.SubjectAttribute && l.ProviderAttributeValue == subject || l.ProviderAttributeName != ProviderLink.SubjectAttribute))
            .ToListAsync(ct);
        var link = links.FirstOrDefault(l => l.ProviderAttributeName == ProviderLink.SubjectAttribute)
            ?? links.FirstOrDefault(l => mapped.TryGetValue(l.ProviderAttributeName, out var value) && value == l.ProviderAttributeValue);
        if (link is null) return null;
        var user = await db.Users.FirstAsync(u => u.Id == link.UserId, ct);
        if (link.ProviderAttributeName != ProviderLink.SubjectAttribute)
        {
            // A link by attribute, once used, names the subject from then on (Cognito's rule for SAML links).
            db.ProviderLinks.Remove(link);
            db.ProviderLinks.Add(NewLink(pool, provider.ProviderName, ProviderLink.SubjectAttribute, subject, user, link.Primary));
            await RefreshIdentities(pool, user, ct);
        }
        if (!user.Enabled) throw Errors.UserDisabled();
        Write(pool, user, mapped);
        await users.SaveAliases(pool, ct);
        return user;
    }

    private async Task<User> Create(UserPool pool, IdentityProvider provider, ProviderIdentity identity, string username, Dictionary<string, string> mapped, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = UserService.NewUser(pool, username, Guid.NewGuid(), UserStatus.ExternalProvider, new Dictionary<string, string>(mapped), now);
        var link = NewLink(pool, provider.ProviderName, ProviderLink.SubjectAttribute, identity.Subject, user, primary: true);
        user.Attributes["identities"] = Identities([(link, provider.ProviderType, identity.Issuer)]);
        UserDirectory.RefreshLookups(pool, user);
        var group = await AutomaticGroup(pool, provider, now, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await users.Insert(pool, user, ct);
        }
        catch (CognitoException error) when (error.Type == "UsernameExistsException")
        {
            // A second first sign-in of the same subject won the race: it made the user and its link.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            // Or the name is a user whose link AdminDisableProviderForUser removed: it no longer signs in through the provider.
            return await Linked(pool, provider, identity.Subject, mapped, ct)
                ?? (await db.Users.AnyAsync(u => u.UserPoolId == pool.Id && u.UsernameKey == user.UsernameKey && !u.Enabled, ct)
                    ? throw Errors.UserDisabled()
                    : throw Errors.InvalidParameter($"Already found an entry for username {username}"));
        }
        db.ProviderLinks.Add(link);
        db.GroupMemberships.Add(new GroupMembership { UserPoolId = pool.Id, GroupName = group, UserId = user.Id });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>The group every user of the provider is in, made at its first sign-in; two first sign-ins at once make it once.</summary>
    private async Task<string> AutomaticGroup(UserPool pool, IdentityProvider provider, DateTime now, CancellationToken ct)
    {
        var name = $"{pool.Id}_{provider.ProviderName}";
        if (await db.Groups.AnyAsync(g => g.UserPoolId == pool.Id && g.GroupName == name, ct)) return name;
        var group = new Group
        {
            UserPoolId = pool.Id,
            GroupName = name,
            Description = $"Autogenerated group for users who sign in using {provider.ProviderName}",
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Groups.Add(group);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            db.Entry(group).State = EntityState.Detached;
        }
        return name;
    }

    /// <summary>
    /// The pool attributes the provider's claims give through the provider's AttributeMapping. `username` is not an
    /// attribute; an email stays unverified unless email_verified is mapped too, as in Cognito.
    /// </summary>
    public static Dictionary<string, string> Map(UserPool pool, IdentityProvider provider, ProviderIdentity identity)
    {
        var given = provider.AttributeMapping
            .Where(m => m.Key != "username" && identity.Attributes.ContainsKey(m.Value))
            .Select(m => new AttributeType { Name = m.Key, Value = Normalized(m.Key, identity.Attributes[m.Value]) });
        return AttributeRules.Check(pool, null, given, creating: true);
    }

    /// <summary>Providers send booleans as JSON booleans or strings in any case; the pool stores "true"/"false".</summary>
    private static string Normalized(string attribute, string value) =>
        attribute is "email_verified" or "phone_number_verified" && bool.TryParse(value, out var flag) ? (flag ? "true" : "false") : value;

    /// <summary>Every sign-in rewrites the mapped attributes (claims the provider did not send leave stored values alone).</summary>
    private void Write(UserPool pool, User user, Dictionary<string, string> mapped)
    {
        var changed = false;
        foreach (var (name, value) in mapped)
        {
            if (user.Attributes.TryGetValue(name, out var old) && old == value) continue;
            user.Attributes[name] = value;
            changed = true;
        }
        if (!changed) return;
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        UserDirectory.RefreshLookups(pool, user);
    }

    /// <summary>The user's `identities` attribute, rebuilt from its links after a link is made or removed.</summary>
    public async Task RefreshIdentities(UserPool pool, User user, CancellationToken ct)
    {
        var links = await db.ProviderLinks.AsNoTracking().Where(l => l.UserId == user.Id).ToListAsync(ct);
        // Links being added in this unit of work are not in the database yet.
        links.AddRange(db.ChangeTracker.Entries<ProviderLink>().Where(e => e.State == EntityState.Added && e.Entity.UserId == user.Id).Select(e => e.Entity));
        links.RemoveAll(l => db.ChangeTracker.Entries<ProviderLink>().Any(e => e.State == EntityState.Deleted && SameLink(e.Entity, l)));
        var providers = await db.IdentityProviders.AsNoTracking().Where(p => p.UserPoolId == pool.Id).ToDictionaryAsync(p => p.ProviderName, ct);
        var described = links.OrderBy(l => l.CreatedAt).Select(l =>
        {
            var provider = providers.GetValueOrDefault(l.ProviderName);
            return (l, provider?.ProviderType ?? "", provider is null ? null : IssuerOf(provider));
        }).ToList();
        if (described.Count == 0) user.Attributes.Remove("identities");
        else user.Attributes["identities"] = Identities(described);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static bool SameLink(ProviderLink a, ProviderLink b) =>
        a.UserPoolId == b.UserPoolId && a.ProviderName == b.ProviderName && a.ProviderAttributeName == b.ProviderAttributeName && a.ProviderAttributeValue == b.ProviderAttributeValue;

    /// <summary>The issuer Cognito records in `identities`: the OIDC issuer or SAML entity ID; null for social providers.</summary>
    public static string? IssuerOf(IdentityProvider provider) => provider.ProviderType switch
    {
        "OIDC" => provider.ProviderDetails.GetValueOrDefault("oidc_issuer"),
        "SAML" => SamlEntityId(provider),
        _ => null,
    };

    private static string? SamlEntityId(IdentityProvider provider)
    {
        try
        {
            return SamlMetadata.Of(provider).EntityId;
        }
        catch (CognitoException)
        {
            return null;
        }
    }

    /// <summary>`identities` as Cognito stores it: a JSON string of an array; `primary` a boolean and `dateCreated` milliseconds.</summary>
    private static string Identities(IEnumerable<(ProviderLink Link, string ProviderType, string? Issuer)> links) =>
        new JsonArray([.. links.Select(l => new JsonObject
        {
            ["userId"] = l.Link.ProviderAttributeValue,
            ["providerName"] = l.Link.ProviderName,
            ["providerType"] = l.ProviderType,
            ["issuer"] = l.Issuer,
            ["primary"] = l.Link.Primary,
            ["dateCreated"] = new DateTimeOffset(DateTime.SpecifyKind(l.Link.CreatedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        })]).ToJsonString();

    private ProviderLink NewLink(UserPool pool, string providerName, string attributeName, string value, User user, bool primary) => new()
    {
        UserPoolId = pool.Id,
        ProviderName = providerName,
        ProviderAttributeName = attributeName,
        ProviderAttributeValue = value,
        UserId = user.Id,
        Primary = primary,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    internal ProviderLink Link(UserPool pool, string providerName, string attributeName, string value, User user) =>
        NewLink(pool, providerName, attributeName, value, user, primary: false);
}
