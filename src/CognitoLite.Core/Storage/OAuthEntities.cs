using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// A pool's domain: a prefix (`myprefix`, which AWS serves as myprefix.auth.&lt;region&gt;.amazoncognito.com) or a custom
/// domain with its certificate. A pool has at most one of each; a domain name belongs to one pool.
/// </summary>
public sealed class UserPoolDomain
{
    public required string Domain { get; init; }
    public required string UserPoolId { get; init; }
    public bool IsCustom { get; init; }
    public string? CertificateArn { get; set; }
    public string? SecurityPolicy { get; set; }
    public int? ManagedLoginVersion { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>An OAuth resource server: its scopes are granted to clients as `identifier/scope`.</summary>
public sealed class ResourceServer
{
    public required string UserPoolId { get; init; }
    public required string Identifier { get; init; }
    public required string Name { get; set; }
    public List<ResourceServerScope> Scopes { get; set; } = [];
}

public sealed class ResourceServerScope
{
    public required string Name { get; init; }
    public required string Description { get; init; }
}

/// <summary>One of an app client's secrets (at most two while one is rotated out), encrypted with the master key.</summary>
public sealed class ClientSecret
{
    /// <summary>`clientId--epochMilliseconds`, as AWS forms ClientSecretId.</summary>
    public required string Id { get; init; }
    public required string Cipher { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A terms-of-use or privacy-policy document of an app client: links per language.</summary>
public sealed class ClientTerms
{
    public Guid Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public required string TermsName { get; set; }
    public required string TermsSource { get; set; }
    public required string Enforcement { get; set; }
    public Dictionary<string, string> Links { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>Classic hosted UI customisation: CSS and a logo, for the whole pool (ClientId `ALL`) or one client.</summary>
public sealed class UICustomization
{
    public const string AllClients = "ALL";

    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public string? Css { get; set; }
    public byte[]? Image { get; set; }
    /// <summary>`png` or `jpg`, from the image's signature.</summary>
    public string? ImageExtension { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>A managed login branding style of one app client: the settings document as given, and image assets.</summary>
public sealed class ManagedLoginBranding
{
    public Guid Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public bool UseCognitoProvidedValues { get; set; }
    /// <summary>The Settings document, as JSON text.</summary>
    public string? Settings { get; set; }
    public List<BrandingAsset> Assets { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

public sealed class BrandingAsset
{
    public required string Category { get; init; }
    public required string ColorMode { get; init; }
    public required string Extension { get; init; }
    /// <summary>The image, base64.</summary>
    public string? Bytes { get; init; }
    public string? ResourceId { get; init; }
}

/// <summary>
/// A code of /oauth2/authorize, stored hashed: redeemed once at /oauth2/token (the row is deleted), within five minutes, by
/// the client it was issued to with the same redirect_uri and, when the authorize request had a PKCE challenge, its verifier.
/// </summary>
public sealed class AuthorizationCode
{
    public required string CodeHash { get; init; }
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public Guid UserId { get; init; }
    public required string RedirectUri { get; init; }
    /// <summary>The granted scopes, space-separated.</summary>
    public required string Scopes { get; init; }
    public string? Nonce { get; init; }
    /// <summary>The S256 PKCE challenge, when the client sent one.</summary>
    public string? CodeChallenge { get; init; }
    public DateTime AuthTime { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>
/// A browser's managed login session, the cookie stored hashed: a second /oauth2/authorize within its hour issues a code
/// without the form. Kept in the database so that /logout ends it on every replica.
/// </summary>
public sealed class LoginSession
{
    public required string TokenHash { get; init; }
    public required string UserPoolId { get; init; }
    public Guid UserId { get; init; }
    public DateTime AuthTime { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>
/// A one-time token that was used, kept until it would have expired so it cannot be used again: a form POST's anti-forgery
/// token, or a use of a decoy challenge session (Auth/ChallengeSessions).
/// </summary>
public sealed class SpentFormToken
{
    public required string Nonce { get; init; }
    public DateTime ExpiresAt { get; init; }
}

internal static class OAuthModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserPoolDomain>(domain =>
        {
            domain.HasKey(d => d.Domain);
            domain.Property(d => d.Domain).HasMaxLength(63);
            domain.Property(d => d.CertificateArn).HasMaxLength(2048);
            domain.Property(d => d.SecurityPolicy).HasMaxLength(32);
            // One prefix domain and one custom domain per pool.
            domain.HasIndex(d => new { d.UserPoolId, d.IsCustom }).IsUnique();
            domain.HasOne<UserPool>().WithMany().HasForeignKey(d => d.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ResourceServer>(server =>
        {
            server.HasKey(s => new { s.UserPoolId, s.Identifier });
            server.Property(s => s.Identifier).HasMaxLength(256);
            server.Property(s => s.Name).HasMaxLength(256);
            server.Property(s => s.Scopes).HasJson();
            server.HasOne<UserPool>().WithMany().HasForeignKey(s => s.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ClientTerms>(terms =>
        {
            terms.HasKey(t => t.Id);
            terms.Property(t => t.TermsName).HasMaxLength(64);
            terms.Property(t => t.TermsSource).HasMaxLength(16);
            terms.Property(t => t.Enforcement).HasMaxLength(16);
            terms.Property(t => t.Links).HasJsonMap();
            terms.HasIndex(t => new { t.ClientId, t.TermsName }).IsUnique();
            terms.HasIndex(t => new { t.UserPoolId, t.Id });
            terms.HasOne<AppClient>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UICustomization>(ui =>
        {
            ui.HasKey(u => new { u.UserPoolId, u.ClientId });
            ui.Property(u => u.ClientId).HasMaxLength(128);
            ui.Property(u => u.ImageExtension).HasMaxLength(8);
            ui.HasOne<UserPool>().WithMany().HasForeignKey(u => u.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuthorizationCode>(code =>
        {
            code.HasKey(c => c.CodeHash);
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.Property(c => c.RedirectUri).HasMaxLength(1024);
            code.Property(c => c.Scopes).HasMaxLength(4096);
            code.Property(c => c.Nonce).HasMaxLength(1024);
            code.Property(c => c.CodeChallenge).HasMaxLength(128);
            code.HasIndex(c => c.ExpiresAt);
            code.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LoginSession>(session =>
        {
            session.HasKey(s => s.TokenHash);
            session.Property(s => s.TokenHash).HasMaxLength(64);
            session.HasIndex(s => s.ExpiresAt);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SpentFormToken>(token =>
        {
            token.HasKey(t => t.Nonce);
            token.Property(t => t.Nonce).HasMaxLength(32);
            token.HasIndex(t => t.ExpiresAt);
        });

        modelBuilder.Entity<ManagedLoginBranding>(branding =>
        {
            branding.HasKey(b => b.Id);
            branding.HasIndex(b => b.ClientId).IsUnique();
            branding.Property(b => b.Assets).HasJson();
            branding.HasOne<AppClient>().WithMany().HasForeignKey(b => b.ClientId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
