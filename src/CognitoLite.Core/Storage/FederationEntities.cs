using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// An identity provider of a pool (SAML, OIDC or a social one). ProviderDetails hold what the caller gave plus what
/// CognitoLite resolved (discovered endpoints, the SAML metadata's endpoints); client_secret and private_key are kept
/// encrypted with the master key.
/// </summary>
public sealed class IdentityProvider
{
    public required string UserPoolId { get; init; }
    public required string ProviderName { get; init; }
    public required string ProviderType { get; init; }
    public Dictionary<string, string> ProviderDetails { get; set; } = [];
    public Dictionary<string, string> AttributeMapping { get; set; } = [];
    public List<string> IdpIdentifiers { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>An IdpIdentifier of a provider: unique in its pool, which the key enforces.</summary>
public sealed class IdpIdentifier
{
    public required string UserPoolId { get; init; }
    public required string Identifier { get; init; }
    public required string ProviderName { get; init; }
}

/// <summary>
/// A provider's user linked to a user of the pool: made at a federated user's first sign-in, or by
/// AdminLinkProviderForUser onto an existing user. A sign-in through the provider yields the linked user.
/// </summary>
public sealed class ProviderLink
{
    public const string SubjectAttribute = "Cognito_Subject";

    public required string UserPoolId { get; init; }
    public required string ProviderName { get; init; }
    /// <summary><see cref="SubjectAttribute"/> (the provider's subject, SAML's NameID) or, for a SAML link, a mapped pool attribute.</summary>
    public required string ProviderAttributeName { get; init; }
    public required string ProviderAttributeValue { get; init; }
    public Guid UserId { get; init; }
    /// <summary>True for the provider a federated user was created by; links added to an existing user are not.</summary>
    public bool Primary { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// A sign-in sent to an external provider and not yet back: the app's /oauth2/authorize parameters, and what the provider's
/// answer must match. Keyed by the hash of the state (OIDC, social) or RelayState (SAML) sent along; used once.
/// </summary>
public sealed class PendingFederatedSignIn
{
    public required string StateHash { get; init; }
    public required string UserPoolId { get; init; }
    public required string ProviderName { get; init; }
    /// <summary>The app's authorize request as a query string, checked again when the provider answers.</summary>
    public required string AuthorizeParameters { get; init; }
    /// <summary>The nonce sent to an OIDC provider, which its ID token must carry.</summary>
    public string? Nonce { get; init; }
    /// <summary>The ID of the SAML AuthnRequest, which the Response's InResponseTo must name.</summary>
    public string? SamlRequestId { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>A pool's SAML signing certificate (GetSigningCertificate): signs AuthnRequests and LogoutRequests.</summary>
public sealed class SamlSigningCertificate
{
    public required string UserPoolId { get; init; }
    /// <summary>The X.509 certificate, DER as base64.</summary>
    public required string Certificate { get; init; }
    public required string PrivateKeyCipher { get; init; }
    public DateTime NotAfter { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A SAML assertion already used to sign in, kept until it would have expired so it cannot be replayed.</summary>
public sealed class SpentSamlAssertion
{
    /// <summary>SHA-256 hex of the issuer and the assertion's ID.</summary>
    public required string Id { get; init; }
    public DateTime ExpiresAt { get; init; }
}

internal static class FederationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdentityProvider>(provider =>
        {
            provider.HasKey(p => new { p.UserPoolId, p.ProviderName });
            provider.Property(p => p.ProviderName).HasMaxLength(32);
            provider.Property(p => p.ProviderType).HasMaxLength(32);
            provider.Property(p => p.ProviderDetails).HasJsonMap();
            provider.Property(p => p.AttributeMapping).HasJsonMap();
            provider.Property(p => p.IdpIdentifiers).HasJson();
            provider.HasOne<UserPool>().WithMany().HasForeignKey(p => p.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdpIdentifier>(identifier =>
        {
            identifier.HasKey(i => new { i.UserPoolId, i.Identifier });
            identifier.Property(i => i.Identifier).HasMaxLength(40);
            identifier.Property(i => i.ProviderName).HasMaxLength(32);
            identifier.HasOne<IdentityProvider>().WithMany().HasForeignKey(i => new { i.UserPoolId, i.ProviderName }).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ProviderLink>(link =>
        {
            link.HasKey(l => new { l.UserPoolId, l.ProviderName, l.ProviderAttributeName, l.ProviderAttributeValue });
            link.Property(l => l.ProviderName).HasMaxLength(32);
            link.Property(l => l.ProviderAttributeName).HasMaxLength(64);
            link.Property(l => l.ProviderAttributeValue).HasMaxLength(2048);
            link.HasIndex(l => l.UserId);
            link.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PendingFederatedSignIn>(pending =>
        {
            pending.HasKey(p => p.StateHash);
            pending.Property(p => p.StateHash).HasMaxLength(64);
            pending.Property(p => p.ProviderName).HasMaxLength(32);
            pending.Property(p => p.AuthorizeParameters).HasMaxLength(16384);
            pending.Property(p => p.Nonce).HasMaxLength(64);
            pending.Property(p => p.SamlRequestId).HasMaxLength(64);
            pending.HasIndex(p => p.ExpiresAt);
            pending.HasOne<UserPool>().WithMany().HasForeignKey(p => p.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SamlSigningCertificate>(certificate =>
        {
            certificate.HasKey(c => c.UserPoolId);
            certificate.HasOne<UserPool>().WithMany().HasForeignKey(c => c.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SpentSamlAssertion>(assertion =>
        {
            assertion.HasKey(a => a.Id);
            assertion.Property(a => a.Id).HasMaxLength(64);
            assertion.HasIndex(a => a.ExpiresAt);
        });
    }
}
