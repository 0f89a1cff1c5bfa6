using System.Text.Json.Serialization;
using CognitoLite.Core.Api;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;

namespace CognitoLite.Core.Auth;

public sealed record InitiateAuthRequest
{
    [Required, OneOf("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH")]
    public string? AuthFlow { get; init; }
    [Sensitive, JsonConverter(typeof(NullAsAbsentMap))] public Dictionary<string, string>? AuthParameters { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    public object? AnalyticsMetadata { get; init; }
    public UserContextDataType? UserContextData { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
}

public sealed record AdminInitiateAuthRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Required, OneOf("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH")]
    public string? AuthFlow { get; init; }
    [Sensitive, JsonConverter(typeof(NullAsAbsentMap))] public Dictionary<string, string>? AuthParameters { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
    public object? AnalyticsMetadata { get; init; }
    public ContextDataType? ContextData { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
}

public sealed record InitiateAuthResponse(
    string? ChallengeName,
    string? Session,
    Dictionary<string, string>? ChallengeParameters,
    AuthenticationResultType? AuthenticationResult,
    List<string>? AvailableChallenges = null);

/// <summary>A step of a sign-in at the managed login pages: the next challenge, or the user, signed in.</summary>
public sealed record PageSignIn(InitiateAuthResponse? Challenge, User? User);

public sealed record RespondToAuthChallengeRequest
{
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Required, OneOf("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE",
        "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP")]
    public string? ChallengeName { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
    [Sensitive, JsonConverter(typeof(NullAsAbsentMap))] public Dictionary<string, string>? ChallengeResponses { get; init; }
    public object? AnalyticsMetadata { get; init; }
    public UserContextDataType? UserContextData { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record AdminRespondToAuthChallengeRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Required, OneOf("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE",
        "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP")]
    public string? ChallengeName { get; init; }
    [Sensitive, JsonConverter(typeof(NullAsAbsentMap))] public Dictionary<string, string>? ChallengeResponses { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
    public object? AnalyticsMetadata { get; init; }
    public ContextDataType? ContextData { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record RevokeTokenRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? Token { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(1, 64), Pattern(@"[\w+]+"), Sensitive] public string? ClientSecret { get; init; }
}

public sealed record GetTokensFromRefreshTokenRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? RefreshToken { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(24, 64), Pattern(@"[\w+]+"), Sensitive] public string? ClientSecret { get; init; }
    [Length(1, 55), Pattern(@"[\w-]+_[0-9a-f-]+")] public string? DeviceKey { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record GetTokensFromRefreshTokenResponse(AuthenticationResultType AuthenticationResult);
