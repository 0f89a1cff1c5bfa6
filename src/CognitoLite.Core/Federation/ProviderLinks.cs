using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

public sealed record ProviderUserIdentifierType
{
    [Length(1, 32), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")] public string? ProviderName { get; init; }
    [Length(0, 64)] public string? ProviderAttributeName { get; init; }
    [Length(0, 2048), Sensitive] public string? ProviderAttributeValue { get; init; }
}

public sealed record AdminLinkProviderForUserRequest
{
    [Required, Length(1, 55)] public string? UserPoolId { get; init; }
    [Required] public ProviderUserIdentifierType? DestinationUser { get; init; }
    [Required] public ProviderUserIdentifierType? SourceUser { get; init; }
}

public sealed record AdminDisableProviderForUserRequest
{
    [Required, Length(1, 55)] public string? UserPoolId { get; init; }
    [Required] public ProviderUserIdentifierType? User { get; init; }
}

/// <summary>
/// AdminLinkProviderForUser and AdminDisableProviderForUser (spec/federation.md §6): a provider's user who has not signed in
/// yet is linked to an existing user, whom that provider's sign-ins then yield; disabling removes a link (or, for a native
/// user, its password sign-in).
/// </summary>
public sealed class ProviderLinks(CognitoDbContext db, UserDirectory directory, FederatedUsers federated)
{
    /// <summary>The native user's side of a link or a disable: the pool's own users are the `Cognito` provider.</summary>
    private const string Native = "Cognito";
    private const int MaxLinksPerUser = 5;

    public async Task<Empty> AdminLinkProviderForUser(AdminLinkProviderForUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var source = request.SourceUser!;
        if (string.Equals(source.ProviderName, Native, StringComparison.OrdinalIgnoreCase))
            throw Errors.InvalidParameter("Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser");
        var provider = await Provider(pool, source.ProviderName, ct);
        var attribute = source.ProviderAttributeName is { Length: > 0 } name ? name : ProviderLink.SubjectAttribute;
        // A SAML provider's user may be named by a pool attribute its mapping gives (its NameID is not known before the sign-in).
        if (attribute != ProviderLink.SubjectAttribute && (provider.ProviderType != "SAML" || !provider.AttributeMapping.ContainsKey(attribute)))
            throw Errors.InvalidParameter($"Invalid SourceUser: ProviderAttributeName must be {ProviderLink.SubjectAttribute}" +
                (provider.ProviderType == "SAML" ? " or an attribute of the provider's AttributeMapping." : "."));
        if (string.IsNullOrEmpty(source.ProviderAttributeValue)) throw Errors.InvalidParameter("Invalid SourceUser: ProviderAttributeValue is required.");
        if (await db.ProviderLinks.AnyAsync(l => l.UserPoolId == pool.Id && l.ProviderName == provider.ProviderName &&
                l.ProviderAttributeName == attribute && l.ProviderAttributeValue == source.ProviderAttributeValue, ct))
            throw Merging();

        var destination = await Destination(pool, request.DestinationUser!, ct);
        if (await db.ProviderLinks.CountAsync(l => l.UserId == destination.Id, ct) >= MaxLinksPerUser)
            throw Errors.LimitExceeded($"A user can be linked to at most {MaxLinksPerUser} identities.");
        db.ProviderLinks.Add(federated.Link(pool, provider.ProviderName, attribute, source.ProviderAttributeValue, destination));
        await federated.RefreshIdentities(pool, destination, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            throw Merging();
        }
        return Empty.Value;
    }

    public async Task<Empty> AdminDisableProviderForUser(AdminDisableProviderForUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var named = request.User!;
        if (string.Equals(named.ProviderName, Native, StringComparison.OrdinalIgnoreCase))
        {
            // A native user can no longer sign in with its password (its linked providers still sign it in).
            var user = await directory.Require(pool, named.ProviderAttributeValue ?? "", ct);
            user.PasswordHash = null;
            user.SrpSalt = null;
            user.SrpVerifier = null;
            await db.SaveChangesAsync(ct);
            return Empty.Value;
        }
        var provider = await Provider(pool, named.ProviderName, ct);
        var attribute = named.ProviderAttributeName is { Length: > 0 } name ? name : ProviderLink.SubjectAttribute;
        var link = await db.ProviderLinks.FirstOrDefaultAsync(l => l.UserPoolId == pool.Id && l.ProviderName == provider.ProviderName &&
            l.ProviderAttributeName == attribute && l.ProviderAttributeValue == named.ProviderAttributeValue, ct)
            ?? throw Errors.UserNotFound();
        var linked = await db.Users.FirstAsync(u => u.Id == link.UserId, ct);
        db.ProviderLinks.Remove(link);
        // The provider's own user loses its only way in: it stays, disabled, and the provider's next sign-in is refused.
        if (link.Primary) linked.Enabled = false;
        await federated.RefreshIdentities(pool, linked, ct);
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    /// <summary>The user a link attaches to: a native user by username, or a provider's user by its subject.</summary>
    private async Task<User> Destination(UserPool pool, ProviderUserIdentifierType destination, CancellationToken ct)
    {
        var value = destination.ProviderAttributeValue ?? "";
        if (string.Equals(destination.ProviderName, Native, StringComparison.OrdinalIgnoreCase))
            return await directory.Require(pool, value, ct);
        var provider = await Provider(pool, destination.ProviderName, ct);
        var userId = await db.ProviderLinks.Where(l => l.UserPoolId == pool.Id && l.ProviderName == provider.ProviderName &&
                l.ProviderAttributeName == ProviderLink.SubjectAttribute && l.ProviderAttributeValue == value)
            .Select(l => (Guid?)l.UserId).FirstOrDefaultAsync(ct) ?? throw Errors.UserNotFound();
        return await db.Users.FirstAsync(u => u.Id == userId, ct);
    }

    private async Task<IdentityProvider> Provider(UserPool pool, string? name, CancellationToken ct) =>
        await db.IdentityProviders.AsNoTracking().FirstOrDefaultAsync(p => p.UserPoolId == pool.Id && p.ProviderName == name, ct)
        ?? throw Errors.InvalidParameter($"The provider {name} does not exist for User Pool {pool.Id}");

    private static CognitoException Merging() =>
        Errors.InvalidParameter("Merging is not currently supported, provide a SourceUser that has not been signed up in order to link");
}
