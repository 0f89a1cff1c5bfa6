using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// One event of a user that threat protection recorded (AdminListUserAuthEvents): a sign-in (from its first factor to its
/// end), a sign-up, a password reset request, a password change, a resent code. Number orders them (newest last) and
/// keys the pages; EventId is what the API shows.
/// </summary>
public sealed class AuthEvent
{
    public long Number { get; init; }
    public required string EventId { get; init; }
    public required string UserPoolId { get; init; }
    public Guid UserId { get; init; }
    public string? ClientId { get; init; }
    /// <summary>SignIn, SignUp, ForgotPassword, PasswordChange or ResendCode.</summary>
    public required string EventType { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Pass, Fail or InProgress (a sign-in waiting for a challenge's answer).</summary>
    public required string EventResponse { get; set; }
    /// <summary>NoRisk, AccountTakeover or Block.</summary>
    public required string RiskDecision { get; set; }
    /// <summary>Low, Medium, High, or null when nothing was assessed.</summary>
    public string? RiskLevel { get; set; }
    public bool CompromisedCredentialsDetected { get; set; }
    /// <summary>Success or Failure of the password (or SRP proof) of a sign-in; null before it is checked.</summary>
    public string? PasswordResponse { get; set; }
    /// <summary>Success or Failure of the second factor; null when none was asked (yet).</summary>
    public string? MfaResponse { get; set; }
    public string? IpAddress { get; init; }
    /// <summary>What the client's User-Agent says; a new one is a new device.</summary>
    public string? DeviceName { get; init; }
    /// <summary>The remembered device's key the client sent (DEVICE_KEY), which names the device better than its User-Agent.</summary>
    public string? DeviceKey { get; init; }
    /// <summary>Valid or Invalid, from UpdateAuthEventFeedback (Provider User) or AdminUpdateAuthEventFeedback (Provider Admin).</summary>
    public string? FeedbackValue { get; set; }
    public string? FeedbackProvider { get; set; }
    public DateTime? FeedbackDate { get; set; }
}

/// <summary>
/// SetRiskConfiguration's settings for a pool (ClientId <see cref="PoolWide"/>) or one of its app clients, which then
/// replace the pool's for that client.
/// </summary>
public sealed class RiskConfiguration
{
    public const string PoolWide = "";

    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public required StoredRiskConfiguration Settings { get; set; }
    public DateTime LastModifiedDate { get; set; }
}

// The risk configuration document, stored as JSON: SetRiskConfiguration's members, as UserPools' stored settings mirror
// theirs (see StoredSettings.cs). Security/RiskConfigurationMapping.cs maps the wire records to and from them.

public sealed record StoredRiskConfiguration
{
    public StoredCompromisedCredentialsRiskConfigurationType? CompromisedCredentialsRiskConfiguration { get; init; }
    public StoredAccountTakeoverRiskConfigurationType? AccountTakeoverRiskConfiguration { get; init; }
    public StoredRiskExceptionConfigurationType? RiskExceptionConfiguration { get; init; }
}

public sealed record StoredCompromisedCredentialsRiskConfigurationType
{
    public List<string>? EventFilter { get; init; }
    public required string EventAction { get; init; }
}

public sealed record StoredAccountTakeoverRiskConfigurationType
{
    public StoredNotifyConfigurationType? NotifyConfiguration { get; init; }
    public StoredAccountTakeoverActionType? LowAction { get; init; }
    public StoredAccountTakeoverActionType? MediumAction { get; init; }
    public StoredAccountTakeoverActionType? HighAction { get; init; }
}

public sealed record StoredAccountTakeoverActionType
{
    public bool Notify { get; init; }
    public required string EventAction { get; init; }
}

public sealed record StoredNotifyConfigurationType
{
    public string? From { get; init; }
    public string? ReplyTo { get; init; }
    public required string SourceArn { get; init; }
    public StoredNotifyEmailType? BlockEmail { get; init; }
    public StoredNotifyEmailType? NoActionEmail { get; init; }
    public StoredNotifyEmailType? MfaEmail { get; init; }
}

public sealed record StoredNotifyEmailType
{
    public required string Subject { get; init; }
    public string? HtmlBody { get; init; }
    public string? TextBody { get; init; }
}

public sealed record StoredRiskExceptionConfigurationType
{
    public List<string>? BlockedIPRangeList { get; init; }
    public List<string>? SkippedIPRangeList { get; init; }
}

internal static class SecurityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuthEvent>(authEvent =>
        {
            authEvent.HasKey(e => e.Number);
            authEvent.Property(e => e.Number).ValueGeneratedOnAdd();
            authEvent.Property(e => e.EventId).HasMaxLength(36);
            authEvent.HasIndex(e => e.EventId).IsUnique();
            authEvent.Property(e => e.ClientId).HasMaxLength(128);
            authEvent.Property(e => e.EventType).HasMaxLength(16);
            authEvent.Property(e => e.EventResponse).HasMaxLength(16);
            authEvent.Property(e => e.RiskDecision).HasMaxLength(16);
            authEvent.Property(e => e.RiskLevel).HasMaxLength(8);
            authEvent.Property(e => e.PasswordResponse).HasMaxLength(8);
            authEvent.Property(e => e.MfaResponse).HasMaxLength(8);
            authEvent.Property(e => e.IpAddress).HasMaxLength(64);
            authEvent.Property(e => e.DeviceName).HasMaxLength(256);
            authEvent.Property(e => e.DeviceKey).HasMaxLength(64);
            authEvent.Property(e => e.FeedbackValue).HasMaxLength(8);
            authEvent.Property(e => e.FeedbackProvider).HasMaxLength(8);
            // A user's events newest first (the list's pages) and the history risk is assessed against.
            authEvent.HasIndex(e => new { e.UserId, e.Number });
            authEvent.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RefreshToken>().Property(t => t.EventId).HasMaxLength(36);

        modelBuilder.Entity<RiskConfiguration>(configuration =>
        {
            configuration.HasKey(c => new { c.UserPoolId, c.ClientId });
            configuration.Property(c => c.ClientId).HasMaxLength(128);
            configuration.Property(c => c.Settings).HasJson();
            configuration.HasOne<UserPool>().WithMany().HasForeignKey(c => c.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
