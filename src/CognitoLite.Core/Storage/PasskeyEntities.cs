using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// A user's passkey (CompleteWebAuthnRegistration): the credential's public key as COSE, and the signature counter of its
/// last assertion, which the next one must exceed.
/// </summary>
public sealed class WebAuthnCredential
{
    public required string UserPoolId { get; init; }
    /// <summary>The credential id, base64url as the API shows it.</summary>
    public required string CredentialId { get; init; }
    public Guid UserId { get; init; }
    public required byte[] PublicKey { get; init; }
    public long SignCount { get; set; }
    /// <summary>The relying party the passkey was registered for: its assertions carry this id's hash.</summary>
    public required string RelyingPartyId { get; init; }
    /// <summary>platform or cross-platform, as the browser reported it (may be absent).</summary>
    public string? AuthenticatorAttachment { get; init; }
    public List<string> AuthenticatorTransports { get; init; } = [];
    public required string FriendlyCredentialName { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal static class PasskeyModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebAuthnCredential>(credential =>
        {
            credential.HasKey(c => new { c.UserPoolId, c.CredentialId });
            // A credential id is at most 1023 bytes: 1364 base64url characters.
            credential.Property(c => c.CredentialId).HasMaxLength(1364);
            credential.Property(c => c.RelyingPartyId).HasMaxLength(127);
            credential.Property(c => c.AuthenticatorAttachment).HasMaxLength(32);
            credential.Property(c => c.AuthenticatorTransports).HasJson();
            credential.Property(c => c.FriendlyCredentialName).HasMaxLength(64);
            // ListWebAuthnCredentials pages through a user's passkeys by id.
            credential.HasIndex(c => new { c.UserId, c.CredentialId });
            credential.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
