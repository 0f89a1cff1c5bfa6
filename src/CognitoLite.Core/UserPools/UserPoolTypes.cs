using CognitoLite.Core.Api;

namespace CognitoLite.Core.UserPools;

// Shapes of the cognito-idp API model (2016-04-18) used by user pool configuration. Member names are the
// wire names. A pool's whole configuration is one UserPoolSettings document, stored as given.

public sealed record PasswordPolicyType
{
    [Range(6, 99)] public int? MinimumLength { get; init; }
    public bool? RequireUppercase { get; init; }
    public bool? RequireLowercase { get; init; }
    public bool? RequireNumbers { get; init; }
    public bool? RequireSymbols { get; init; }
    [Range(0, 24)] public int? PasswordHistorySize { get; init; }
    [Range(0, 365)] public int? TemporaryPasswordValidityDays { get; init; }
}

public sealed record SignInPolicyType
{
    [OneOf("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")] public List<string>? AllowedFirstAuthFactors { get; init; }
}

public sealed record UserPoolPolicyType
{
    public PasswordPolicyType? PasswordPolicy { get; init; }
    public SignInPolicyType? SignInPolicy { get; init; }
}

public sealed record LambdaVersionConfig
{
    [Required, Length(20, 2048)] public string? LambdaArn { get; init; }
    [Required] public string? LambdaVersion { get; init; }
}

public sealed record LambdaConfigType
{
    private const string Arn = @"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?";
    [Length(20, 2048), Pattern(Arn)] public string? PreSignUp { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? CustomMessage { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? PostConfirmation { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? PreAuthentication { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? PostAuthentication { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? DefineAuthChallenge { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? CreateAuthChallenge { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? VerifyAuthChallengeResponse { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? PreTokenGeneration { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? UserMigration { get; init; }
    public LambdaVersionConfig? PreTokenGenerationConfig { get; init; }
    public LambdaVersionConfig? CustomSMSSender { get; init; }
    public LambdaVersionConfig? CustomEmailSender { get; init; }
    [Length(20, 2048), Pattern(Arn)] public string? KMSKeyID { get; init; }
    public LambdaVersionConfig? InboundFederation { get; init; }
}

public sealed record NumberAttributeConstraintsType
{
    public string? MinValue { get; init; }
    public string? MaxValue { get; init; }
}

public sealed record StringAttributeConstraintsType
{
    public string? MinLength { get; init; }
    public string? MaxLength { get; init; }
}

public sealed record SchemaAttributeType
{
    [Length(1, 20), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")] public string? Name { get; init; }
    [OneOf("String", "Number", "DateTime", "Boolean")] public string? AttributeDataType { get; init; }
    public bool? DeveloperOnlyAttribute { get; init; }
    public bool? Mutable { get; init; }
    public bool? Required { get; init; }
    public NumberAttributeConstraintsType? NumberAttributeConstraints { get; init; }
    public StringAttributeConstraintsType? StringAttributeConstraints { get; init; }
}

public sealed record VerificationMessageTemplateType
{
    [Length(6, 140), Pattern(@".*\{####\}.*")] public string? SmsMessage { get; init; }
    [Length(6, 20000)] public string? EmailMessage { get; init; }
    [Length(1, 140)] public string? EmailSubject { get; init; }
    [Length(6, 20000)] public string? EmailMessageByLink { get; init; }
    [Length(1, 140)] public string? EmailSubjectByLink { get; init; }
    [OneOf("CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE")] public string? DefaultEmailOption { get; init; }
}

public sealed record UserAttributeUpdateSettingsType
{
    [OneOf("phone_number", "email")] public List<string>? AttributesRequireVerificationBeforeUpdate { get; init; }
}

public sealed record DeviceConfigurationType
{
    public bool? ChallengeRequiredOnNewDevice { get; init; }
    public bool? DeviceOnlyRememberedOnUserPrompt { get; init; }
}

public sealed record EmailConfigurationType
{
    [Length(20, 2048)] public string? SourceArn { get; init; }
    public string? ReplyToEmailAddress { get; init; }
    [OneOf("COGNITO_DEFAULT", "DEVELOPER")] public string? EmailSendingAccount { get; init; }
    public string? From { get; init; }
    [Length(1, 64)] public string? ConfigurationSet { get; init; }
}

public sealed record SmsConfigurationType
{
    [Required, Length(20, 2048)] public string? SnsCallerArn { get; init; }
    public string? ExternalId { get; init; }
    [Length(5, 32)] public string? SnsRegion { get; init; }
}

public sealed record MessageTemplateType
{
    [Length(6, 140)] public string? SMSMessage { get; init; }
    [Length(6, 20000)] public string? EmailMessage { get; init; }
    [Length(1, 140)] public string? EmailSubject { get; init; }
}

public sealed record AdminCreateUserConfigType
{
    public bool? AllowAdminCreateUserOnly { get; init; }
    [Range(0, 365)] public int? UnusedAccountValidityDays { get; init; }
    public MessageTemplateType? InviteMessageTemplate { get; init; }
}

public sealed record AdvancedSecurityAdditionalFlowsType
{
    [OneOf("AUDIT", "ENFORCED")] public string? CustomAuthMode { get; init; }
}

public sealed record UserPoolAddOnsType
{
    [Required, OneOf("OFF", "AUDIT", "ENFORCED")] public string? AdvancedSecurityMode { get; init; }
    public AdvancedSecurityAdditionalFlowsType? AdvancedSecurityAdditionalFlows { get; init; }
}

public sealed record UsernameConfigurationType
{
    [Required] public bool? CaseSensitive { get; init; }
}

public sealed record RecoveryOptionType
{
    [Required, Range(1, 2)] public int? Priority { get; init; }
    [Required, OneOf("verified_email", "verified_phone_number", "admin_only")] public string? Name { get; init; }
}

public sealed record AccountRecoverySettingType
{
    [Length(1, 2)] public List<RecoveryOptionType>? RecoveryMechanisms { get; init; }
}

public sealed record SmsMfaConfigType
{
    [Length(6, 140)] public string? SmsAuthenticationMessage { get; init; }
    public SmsConfigurationType? SmsConfiguration { get; init; }
}

public sealed record SoftwareTokenMfaConfigType
{
    public bool? Enabled { get; init; }
}

public sealed record EmailMfaConfigType
{
    [Length(6, 20000)] public string? Message { get; init; }
    [Length(1, 140)] public string? Subject { get; init; }
}

public sealed record WebAuthnConfigurationType
{
    [Length(1, 127)] public string? RelyingPartyId { get; init; }
    [OneOf("required", "preferred")] public string? UserVerification { get; init; }
    [OneOf("SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION")] public string? FactorConfiguration { get; init; }
}

/// <summary>The UserPoolType returned by DescribeUserPool and CreateUserPool.</summary>
public sealed record UserPoolType
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public UserPoolPolicyType? Policies { get; init; }
    public string? DeletionProtection { get; init; }
    public LambdaConfigType? LambdaConfig { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public List<SchemaAttributeType>? SchemaAttributes { get; init; }
    public List<string>? AutoVerifiedAttributes { get; init; }
    public List<string>? AliasAttributes { get; init; }
    public List<string>? UsernameAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType? VerificationMessageTemplate { get; init; }
    public string? SmsAuthenticationMessage { get; init; }
    public UserAttributeUpdateSettingsType? UserAttributeUpdateSettings { get; init; }
    public string? MfaConfiguration { get; init; }
    public DeviceConfigurationType? DeviceConfiguration { get; init; }
    public int? EstimatedNumberOfUsers { get; init; }
    public EmailConfigurationType? EmailConfiguration { get; init; }
    public SmsConfigurationType? SmsConfiguration { get; init; }
    public Dictionary<string, string>? UserPoolTags { get; init; }
    public string? Domain { get; init; }
    public string? CustomDomain { get; init; }
    public AdminCreateUserConfigType? AdminCreateUserConfig { get; init; }
    public UserPoolAddOnsType? UserPoolAddOns { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
    public string? Arn { get; init; }
    public AccountRecoverySettingType? AccountRecoverySetting { get; init; }
    public string? UserPoolTier { get; init; }
}

/// <summary>The stored configuration of a user pool: every setting given at create or update, defaults filled in.</summary>
public sealed record UserPoolSettings
{
    public UserPoolPolicyType Policies { get; init; } = new();
    public string DeletionProtection { get; init; } = "INACTIVE";
    public LambdaConfigType LambdaConfig { get; init; } = new();
    public List<SchemaAttributeType> SchemaAttributes { get; init; } = [];
    public List<string>? AutoVerifiedAttributes { get; init; }
    public List<string>? AliasAttributes { get; init; }
    public List<string>? UsernameAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public VerificationMessageTemplateType VerificationMessageTemplate { get; init; } = new();
    public string? SmsAuthenticationMessage { get; init; }
    public UserAttributeUpdateSettingsType UserAttributeUpdateSettings { get; init; } = new();
    public string MfaConfiguration { get; init; } = "OFF";
    public DeviceConfigurationType? DeviceConfiguration { get; init; }
    public EmailConfigurationType EmailConfiguration { get; init; } = new();
    public SmsConfigurationType? SmsConfiguration { get; init; }
    public Dictionary<string, string> UserPoolTags { get; init; } = [];
    public AdminCreateUserConfigType AdminCreateUserConfig { get; init; } = new();
    public UserPoolAddOnsType? UserPoolAddOns { get; init; }
    public UsernameConfigurationType? UsernameConfiguration { get; init; }
    public AccountRecoverySettingType? AccountRecoverySetting { get; init; }
    public string UserPoolTier { get; init; } = "ESSENTIALS";
    public SoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; init; }
    public EmailMfaConfigType? EmailMfaConfiguration { get; init; }
    public WebAuthnConfigurationType? WebAuthnConfiguration { get; init; }
}
