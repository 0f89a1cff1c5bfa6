using CognitoLite.Core.Api;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Mfa;

/// <summary>SMSMfaSettingsType, SoftwareTokenMfaSettingsType and EmailMfaSettingsType: one shape on the wire.</summary>
public sealed record MfaSettingsType
{
    public bool? Enabled { get; init; }
    public bool? PreferredMfa { get; init; }
}

public sealed record SetUserMfaPreferenceRequest
{
    public MfaSettingsType? SMSMfaSettings { get; init; }
    public MfaSettingsType? SoftwareTokenMfaSettings { get; init; }
    public MfaSettingsType? EmailMfaSettings { get; init; }
    public object? WebAuthnMfaSettings { get; init; }
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
}

public sealed record AdminSetUserMfaPreferenceRequest : AdminUserRequest
{
    public MfaSettingsType? SMSMfaSettings { get; init; }
    public MfaSettingsType? SoftwareTokenMfaSettings { get; init; }
    public MfaSettingsType? EmailMfaSettings { get; init; }
    public object? WebAuthnMfaSettings { get; init; }
}

public sealed record AssociateSoftwareTokenRequest
{
    [Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
}

public sealed record AssociateSoftwareTokenResponse(string SecretCode, string? Session);

public sealed record VerifySoftwareTokenRequest
{
    [Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
    [Required, Length(6, 6), Pattern("[0-9]+"), Sensitive] public string? UserCode { get; init; }
    public string? FriendlyDeviceName { get; init; }
}

public sealed record VerifySoftwareTokenResponse(string Status, string? Session);
