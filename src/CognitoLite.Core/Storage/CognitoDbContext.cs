using System.Text.Json;
using CognitoLite.Core.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CognitoLite.Core.Storage;

/// <summary>
/// The unit of work for every operation. One model for both providers; each provider has its own
/// subclass only so that it can carry its own migration set.
/// </summary>
public abstract class CognitoDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserPool> UserPools => Set<UserPool>();
    public DbSet<AppClient> AppClients => Set<AppClient>();
    public DbSet<User> Users => Set<User>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<RotatedRefreshToken> RotatedRefreshTokens => Set<RotatedRefreshToken>();
    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<IdentityPool> IdentityPools => Set<IdentityPool>();
    public DbSet<Identity> Identities => Set<Identity>();
    public DbSet<IdentityLogin> IdentityLogins => Set<IdentityLogin>();
    public DbSet<IdentitySigningKey> IdentitySigningKeys => Set<IdentitySigningKey>();
    public DbSet<IssuedCredential> IssuedCredentials => Set<IssuedCredential>();
    public DbSet<MasterKeyCheck> MasterKeyChecks => Set<MasterKeyCheck>();
    public DbSet<UserPoolDomain> UserPoolDomains => Set<UserPoolDomain>();
    public DbSet<ResourceServer> ResourceServers => Set<ResourceServer>();
    public DbSet<ClientTerms> Terms => Set<ClientTerms>();
    public DbSet<UICustomization> UICustomizations => Set<UICustomization>();
    public DbSet<ManagedLoginBranding> ManagedLoginBrandings => Set<ManagedLoginBranding>();
    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();
    public DbSet<LoginSession> LoginSessions => Set<LoginSession>();
    public DbSet<SpentFormToken> SpentFormTokens => Set<SpentFormToken>();
    public DbSet<IdentityProvider> IdentityProviders => Set<IdentityProvider>();
    public DbSet<IdpIdentifier> IdpIdentifiers => Set<IdpIdentifier>();
    public DbSet<ProviderLink> ProviderLinks => Set<ProviderLink>();
    public DbSet<PendingFederatedSignIn> PendingFederatedSignIns => Set<PendingFederatedSignIn>();
    public DbSet<SamlSigningCertificate> SamlSigningCertificates => Set<SamlSigningCertificate>();
    public DbSet<SpentSamlAssertion> SpentSamlAssertions => Set<SpentSamlAssertion>();
    public DbSet<AuthEvent> AuthEvents => Set<AuthEvent>();
    public DbSet<RiskConfiguration> RiskConfigurations => Set<RiskConfiguration>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<WebAuthnCredential> WebAuthnCredentials => Set<WebAuthnCredential>();
    public DbSet<UserImportJob> UserImportJobs => Set<UserImportJob>();
    public DbSet<UserImportCsvChunk> UserImportCsvChunks => Set<UserImportCsvChunk>();
    public DbSet<LogDeliveryConfiguration> LogDeliveryConfigurations => Set<LogDeliveryConfiguration>();

    public static readonly string[] SearchColumns =
        [nameof(User.Email), nameof(User.PhoneNumber), nameof(User.Name), nameof(User.GivenName), nameof(User.FamilyName), nameof(User.PreferredUsername)];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserPool>(pool =>
        {
            pool.HasKey(p => p.Id);
            pool.Property(p => p.Id).HasMaxLength(55);
            pool.Property(p => p.Name).HasMaxLength(128);
            pool.Property(p => p.Settings).HasJson();
        });

        modelBuilder.Entity<AppClient>(client =>
        {
            client.HasKey(c => c.Id);
            client.Property(c => c.Id).HasMaxLength(128);
            client.Property(c => c.Name).HasMaxLength(128);
            client.HasIndex(c => c.UserPoolId);
            client.HasOne<UserPool>().WithMany().HasForeignKey(c => c.UserPoolId).OnDelete(DeleteBehavior.Cascade);
            client.Property(c => c.Settings).HasJson();
            client.Property(c => c.Secrets).HasJson();
        });

        modelBuilder.Entity<User>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.Username).HasMaxLength(128);
            user.Property(u => u.UsernameKey).HasMaxLength(128);
            if (Database.IsNpgsql())
            {
                // Byte order for names too: keyset pages and `username ^=` must not depend on the database's locale.
                user.Property(u => u.Username).UseCollation("C");
                user.Property(u => u.UsernameKey).UseCollation("C");
            }
            user.Property(u => u.Status).HasMaxLength(32);
            user.HasOne<UserPool>().WithMany().HasForeignKey(u => u.UserPoolId).OnDelete(DeleteBehavior.Cascade);
            user.HasIndex(u => new { u.UserPoolId, u.UsernameKey }).IsUnique();
            user.HasIndex(u => new { u.UserPoolId, u.Sub }).IsUnique();
            user.HasIndex(u => new { u.UserPoolId, u.EmailAliasKey }).IsUnique();
            user.HasIndex(u => new { u.UserPoolId, u.PhoneAliasKey }).IsUnique();
            user.HasIndex(u => new { u.UserPoolId, u.PreferredUsernameKey }).IsUnique();
            user.Property(u => u.Attributes).HasJsonMap();
            user.Property(u => u.PreferredMfa).HasMaxLength(32);
            // ListUsers' filters, each an equality seek that also yields the page order (UsernameKey): without the order,
            // SQLite walked the whole pool in UsernameKey order instead (`username =`, `status =`).
            user.HasIndex(u => new { u.UserPoolId, u.Username, u.UsernameKey });
            user.HasIndex(u => new { u.UserPoolId, u.Status, u.UsernameKey });
            user.HasIndex(u => new { u.UserPoolId, u.Enabled, u.UsernameKey });
            foreach (var column in SearchColumns)
            {
                user.HasIndex(nameof(User.UserPoolId), column, nameof(User.UsernameKey));
                user.Property<string?>(column).HasMaxLength(2048);
                // Byte order, so that prefix ranges ("^=") are index range scans whatever the database's locale.
                if (Database.IsNpgsql()) user.Property<string?>(column).UseCollation("C");
            }
        });

        modelBuilder.Entity<SigningKey>(key =>
        {
            key.HasKey(k => k.Kid);
            key.Property(k => k.Kid).HasMaxLength(64);
            key.HasIndex(k => k.UserPoolId);
            key.HasOne<UserPool>().WithMany().HasForeignKey(k => k.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.Property(t => t.Scopes).HasMaxLength(4096);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.OriginJti).IsUnique();
            token.HasIndex(t => t.UserId);
            // Housekeeping deletes expired and revoked families by these.
            token.HasIndex(t => t.ExpiresAt);
            token.HasIndex(t => t.RevokedAt);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RotatedRefreshToken>(token =>
        {
            token.HasKey(t => t.TokenHash);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.RefreshTokenId);
            token.HasIndex(t => t.ValidUntil); // Housekeeping deletes by it
            token.HasOne<RefreshToken>().WithMany().HasForeignKey(t => t.RefreshTokenId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VerificationCode>(code =>
        {
            code.HasKey(c => c.Id);
            code.Property(c => c.Purpose).HasMaxLength(64);
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.HasIndex(c => new { c.UserId, c.Purpose });
            code.HasIndex(c => c.ExpiresAt); // Housekeeping deletes by it
            code.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuthSession>(session =>
        {
            session.HasKey(s => s.TokenHash);
            session.Property(s => s.TokenHash).HasMaxLength(64);
            session.Property(s => s.ChallengeName).HasMaxLength(32);
            session.Property(s => s.Data).HasJsonMap();
            session.HasIndex(s => s.ExpiresAt); // Housekeeping deletes by it
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Group>(group =>
        {
            group.HasKey(g => new { g.UserPoolId, g.GroupName });
            group.Property(g => g.GroupName).HasMaxLength(128);
            group.HasOne<UserPool>().WithMany().HasForeignKey(g => g.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<GroupMembership>(membership =>
        {
            membership.HasKey(m => new { m.UserPoolId, m.GroupName, m.UserId });
            membership.HasIndex(m => m.UserId);
            membership.HasOne<Group>().WithMany().HasForeignKey(m => new { m.UserPoolId, m.GroupName }).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdentityPool>(pool =>
        {
            pool.HasKey(p => p.Id);
            pool.Property(p => p.Id).HasMaxLength(55);
            pool.Property(p => p.Name).HasMaxLength(128);
            pool.Property(p => p.Settings).HasJson();
        });

        modelBuilder.Entity<Identity>(identity =>
        {
            identity.HasKey(i => i.Id);
            identity.Property(i => i.Id).HasMaxLength(55);
            // Keyset pages of ListIdentities walk (pool, id).
            identity.HasIndex(i => new { i.IdentityPoolId, i.Id });
            identity.HasOne<IdentityPool>().WithMany().HasForeignKey(i => i.IdentityPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdentityLogin>(login =>
        {
            login.HasKey(l => new { l.IdentityPoolId, l.ProviderName, l.Subject });
            login.Property(l => l.ProviderName).HasMaxLength(128);
            login.Property(l => l.Subject).HasMaxLength(1024);
            login.HasIndex(l => l.IdentityId);
            login.HasOne<Identity>().WithMany().HasForeignKey(l => l.IdentityId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IdentitySigningKey>(key =>
        {
            key.HasKey(k => k.Kid);
            key.Property(k => k.Kid).HasMaxLength(64);
        });

        modelBuilder.Entity<IssuedCredential>(credential =>
        {
            credential.HasKey(c => c.AccessKeyId);
            credential.Property(c => c.AccessKeyId).HasMaxLength(20);
            credential.Property(c => c.SessionTokenHash).HasMaxLength(64);
            credential.Property(c => c.RoleArn).HasMaxLength(2048);
            credential.Property(c => c.RoleSessionName).HasMaxLength(64);
            credential.Property(c => c.Amr).HasJson();
            credential.Property(c => c.PrincipalTags).HasJson();
            credential.HasIndex(c => c.IdentityId);
            credential.HasIndex(c => c.ExpiresAt);
        });

        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.HasKey(m => m.Id);
            message.HasIndex(m => new { m.UserPoolId, m.Username, m.Id });
        });

        modelBuilder.Entity<MasterKeyCheck>(check =>
        {
            check.HasKey(c => c.Id);
            check.Property(c => c.Id).ValueGeneratedNever();
            check.Property(c => c.Value).HasMaxLength(64);
        });

        OAuthModel.Configure(modelBuilder);
        FederationModel.Configure(modelBuilder);
        SecurityModel.Configure(modelBuilder);
        DeviceModel.Configure(modelBuilder);
        PasskeyModel.Configure(modelBuilder);
        ImportModel.Configure(modelBuilder);
    }
}

internal static class JsonColumn
{
    /// <summary>Stores a settings document as JSON text, compared by content so EF sees in-place changes.</summary>
    public static PropertyBuilder<T> HasJson<T>(this PropertyBuilder<T> property) where T : class =>
        property
            .HasConversion(
                value => JsonSerializer.Serialize(value, CognitoJson.Options),
                text => JsonSerializer.Deserialize<T>(text, CognitoJson.Options)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, CognitoJson.Options) == JsonSerializer.Serialize(b, CognitoJson.Options),
                    value => JsonSerializer.Serialize(value, CognitoJson.Options).GetHashCode(StringComparison.Ordinal),
                    value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, CognitoJson.Options), CognitoJson.Options)!))
            .IsRequired();

    /// <summary>
    /// A string map stored as JSON text (user attributes, session data), compared and copied as a map: every tracked
    /// user is snapshotted when read and compared when saved, and JSON round trips made that a hot path's largest cost.
    /// </summary>
    public static PropertyBuilder<Dictionary<string, string>> HasJsonMap(this PropertyBuilder<Dictionary<string, string>> property) =>
        property
            .HasConversion(
                value => JsonSerializer.Serialize(value, CognitoJson.Options),
                text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, CognitoJson.Options)!,
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => SameMap(a, b),
                    value => MapHash(value),
                    value => new Dictionary<string, string>(value)))
            .IsRequired();

    internal static bool SameMap(Dictionary<string, string>? a, Dictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.Count != b.Count) return false;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || other != value) return false;
        return true;
    }

    internal static int MapHash(Dictionary<string, string> map)
    {
        var hash = 0;
        foreach (var (key, value) in map) hash ^= HashCode.Combine(key, value); // order-independent, as equality is
        return hash;
    }
}

public sealed class SqliteCognitoDbContext(DbContextOptions<SqliteCognitoDbContext> options) : CognitoDbContext(options);

public sealed class PostgresCognitoDbContext(DbContextOptions<PostgresCognitoDbContext> options) : CognitoDbContext(options);
