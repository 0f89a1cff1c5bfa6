using CognitoLite.Core.Api;

namespace CognitoLite.Core.UserPools;

public sealed record TokenValidityUnitsType
{
    [OneOf("seconds", "minutes", "hours", "days")] public string? AccessToken { get; init; }
    [OneOf("seconds", "minutes", "hours", "days")] public string? IdToken { get; init; }
    [OneOf("seconds", "minutes", "hours", "days")] public string? RefreshToken { get; init; }
}

public sealed record AnalyticsConfigurationType
{
    public string? ApplicationId { get; init; }
    public string? ApplicationArn { get; init; }
    public string? RoleArn { get; init; }
    public string? ExternalId { get; init; }
    public bool? UserDataShared { get; init; }
}

public sealed record RefreshTokenRotationType
{
    [Required, OneOf("ENABLED", "DISABLED")] public string? Feature { get; init; }
    [Range(0, 60)] public int? RetryGracePeriodSeconds { get; init; }
}

/// <summary>
/// The settings of an app client shared by CreateUserPoolClient, UpdateUserPoolClient and the stored record.
/// </summary>
public record AppClientSettings
{
    public const string Scope = @"[\x21\x23-\x5B\x5D-\x7E]+";
    public const string Url = @"[\p{L}\p{M}\p{S}\p{N}\p{P}]+";

    [Range(0, 315360000)] public int? RefreshTokenValidity { get; init; }
    [Range(1, 86400)] public int? AccessTokenValidity { get; init; }
    [Range(1, 86400)] public int? IdTokenValidity { get; init; }
    public TokenValidityUnitsType? TokenValidityUnits { get; init; }
    [ElementLength(1, 2048)] public List<string>? ReadAttributes { get; init; }
    [ElementLength(1, 2048)] public List<string>? WriteAttributes { get; init; }
    [OneOf("ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH")]
    public List<string>? ExplicitAuthFlows { get; init; }
    [ElementLength(1, 32)] public List<string>? SupportedIdentityProviders { get; init; }
    [Length(0, 100), ElementLength(1, 1024), Pattern(Url)] public List<string>? CallbackURLs { get; init; }
    [Length(0, 100), ElementLength(1, 1024), Pattern(Url)] public List<string>? LogoutURLs { get; init; }
    [Length(1, 1024), Pattern(Url)] public string? DefaultRedirectURI { get; init; }
    [Length(0, 3), OneOf("code", "implicit", "client_credentials")] public List<string>? AllowedOAuthFlows { get; init; }
    [Length(0, 50), ElementLength(1, 256), Pattern(Scope)] public List<string>? AllowedOAuthScopes { get; init; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; init; }
    public AnalyticsConfigurationType? AnalyticsConfiguration { get; init; }
    [OneOf("LEGACY", "ENABLED")] public string? PreventUserExistenceErrors { get; init; }
    public bool? EnableTokenRevocation { get; init; }
    public bool? EnablePropagateAdditionalUserContextData { get; init; }
    [Range(3, 15)] public int? AuthSessionValidity { get; init; }
    public RefreshTokenRotationType? RefreshTokenRotation { get; init; }
}

/// <summary>The UserPoolClientType returned by Create/Describe/UpdateUserPoolClient.</summary>
public sealed record UserPoolClientType : AppClientSettings
{
    public string? UserPoolId { get; init; }
    public string? ClientName { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
}

public sealed record UserPoolClientDescription(string ClientId, string UserPoolId, string ClientName);
