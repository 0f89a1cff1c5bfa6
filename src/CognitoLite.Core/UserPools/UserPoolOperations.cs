using CognitoLite.Core.Api;

namespace CognitoLite.Core.UserPools;

/// <summary>The members CreateUserPool and UpdateUserPool share.</summary>
public abstract record UserPoolRequestBase
{
    public UserPoolPolicyType? Policies { get; init; }
    [OneOf("ACTIVE", "INACTIVE")] public string? DeletionProtection { get; init; }
    public LambdaConfigType? LambdaConfig { get; init; }
    [OneOf("phone_number", "email")] public List<string>? AutoVerifiedAttributes { get; init; }
    [Length(6, 140), Pattern(@".*\{####\}.*")] public string? SmsVerificationMessage { get; init; }
    [Length(6, 20000)] public string? EmailVerificationMessage { get; init; }
    [Length(1, 140)] public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType? VerificationMessageTemplate { get; init; }
    [Length(6, 140), Pattern(@".*\{####\}.*")] public string? SmsAuthenticationMessage { get; init; }
    public UserAttributeUpdateSettingsType? UserAttributeUpdateSettings { get; init; }
    [OneOf("OFF", "ON", "OPTIONAL")] public string? MfaConfiguration { get; init; }
    public DeviceConfigurationType? DeviceConfiguration { get; init; }
    public EmailConfigurationType? EmailConfiguration { get; init; }
    public SmsConfigurationType? SmsConfiguration { get; init; }
    [Length(0, 50)] public Dictionary<string, string>? UserPoolTags { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public UserPoolAddOnsType? UserPoolAddOns { get; init; }
    public AccountRecoverySettingType? AccountRecoverySetting { get; init; }
    [OneOf("LITE", "ESSENTIALS", "PLUS")] public string? UserPoolTier { get; init; }
}

public sealed record CreateUserPoolRequest : UserPoolRequestBase
{
    [Required, Length(1, 128), Pattern(Ids.NamePattern)] public string? PoolName { get; init; }
    [OneOf("phone_number", "email", "preferred_username")] public List<string>? AliasAttributes { get; init; }
    [OneOf("phone_number", "email")] public List<string>? UsernameAttributes { get; init; }
    [Length(1, 50)] public List<SchemaAttributeType>? Schema { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
}

public sealed record UpdateUserPoolRequest : UserPoolRequestBase
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Length(1, 128), Pattern(Ids.NamePattern)] public string? PoolName { get; init; }
}

public sealed record UserPoolResponse(UserPoolType UserPool);

public record UserPoolIdRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record ListUserPoolsRequest
{
    [Length(1, 131072), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
    [Required, Range(1, 60)] public int? MaxResults { get; init; }
}

public sealed record UserPoolDescriptionType(string Id, string Name, LambdaConfigType LambdaConfig, DateTimeOffset LastModifiedDate, DateTimeOffset CreationDate);

public sealed record ListUserPoolsResponse(List<UserPoolDescriptionType> UserPools, string? NextToken);

public sealed record AddCustomAttributesRequest : UserPoolIdRequest
{
    [Required, Length(1, 25)] public List<SchemaAttributeType>? CustomAttributes { get; init; }
}

public sealed record UserPoolMfaConfig
{
    public SmsMfaConfigType? SmsMfaConfiguration { get; init; }
    public SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; init; }
    public EmailMfaConfigType? EmailMfaConfiguration { get; init; }
    [OneOf("OFF", "ON", "OPTIONAL")] public string? MfaConfiguration { get; init; }
    public WebAuthnConfigurationType? WebAuthnConfiguration { get; init; }
}

public sealed record SetUserPoolMfaConfigRequest : UserPoolIdRequest
{
    public SmsMfaConfigType? SmsMfaConfiguration { get; init; }
    public SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; init; }
    public EmailMfaConfigType? EmailMfaConfiguration { get; init; }
    [OneOf("OFF", "ON", "OPTIONAL")] public string? MfaConfiguration { get; init; }
    public WebAuthnConfigurationType? WebAuthnConfiguration { get; init; }
}

public record ResourceArnRequest
{
    [Required, Length(20, 2048), Pattern(Ids.ArnPattern)] public string? ResourceArn { get; init; }
}

public sealed record TagResourceRequest : ResourceArnRequest
{
    [Required, Length(0, 50)] public Dictionary<string, string>? Tags { get; init; }
}

public sealed record UntagResourceRequest : ResourceArnRequest
{
    [Required, Length(0, 50)] public List<string>? TagKeys { get; init; }
}

public sealed record ListTagsForResourceResponse(Dictionary<string, string> Tags);
