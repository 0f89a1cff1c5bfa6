namespace CognitoLite.Core.Storage;

// The settings documents stored as JSON columns (UserPool.Settings, AppClient.Settings, IdentityPool.Settings). They
// mirror the API's shapes member for member, so the stored JSON reads like the API's, but they are Storage's own: the
// features map their wire records to and from them (UserPools/UserPoolStorageMapping.cs,
// IdentityPools/IdentityPoolStorageMapping.cs), and a change of the wire records changes no stored document by accident.
// Adding, renaming or retyping a member here changes what is stored: old documents must still read.

public sealed record StoredUserPoolSettings
{
    public StoredUserPoolPolicyType Policies { get; init; } = new();
    public string DeletionProtection { get; init; } = "INACTIVE";
    public StoredLambdaConfigType LambdaConfig { get; init; } = new();
    public List<StoredSchemaAttributeType> SchemaAttributes { get; init; } = [];
    public List<string>? AutoVerifiedAttributes { get; init; }
    public List<string>? AliasAttributes { get; init; }
    public List<string>? UsernameAttributes { get; init; }
    public string? SmsVerificationMessage { get; init; }
    public string? EmailVerificationMessage { get; init; }
    public string? EmailVerificationSubject { get; init; }
    public StoredVerificationMessageTemplateType VerificationMessageTemplate { get; init; } = new();
    public string? SmsAuthenticationMessage { get; init; }
    public StoredUserAttributeUpdateSettingsType UserAttributeUpdateSettings { get; init; } = new();
    public string MfaConfiguration { get; init; } = "OFF";
    public StoredDeviceConfigurationType? DeviceConfiguration { get; init; }
    public StoredEmailConfigurationType EmailConfiguration { get; init; } = new();
    public StoredSmsConfigurationType? SmsConfiguration { get; init; }
    public Dictionary<string, string> UserPoolTags { get; init; } = [];
    public StoredAdminCreateUserConfigType AdminCreateUserConfig { get; init; } = new();
    public StoredUserPoolAddOnsType? UserPoolAddOns { get; init; }
    public StoredUsernameConfigurationType? UsernameConfiguration { get; init; }
    public StoredAccountRecoverySettingType? AccountRecoverySetting { get; init; }
    public string UserPoolTier { get; init; } = "ESSENTIALS";
    public StoredSoftwareTokenMfaConfigType? SoftwareTokenMfaConfiguration { get; init; }
    public StoredEmailMfaConfigType? EmailMfaConfiguration { get; init; }
    public StoredWebAuthnConfigurationType? WebAuthnConfiguration { get; init; }
}

public sealed record StoredUserPoolPolicyType
{
    public StoredPasswordPolicyType? PasswordPolicy { get; init; }
    public StoredSignInPolicyType? SignInPolicy { get; init; }
}

public sealed record StoredPasswordPolicyType
{
    public int? MinimumLength { get; init; }
    public bool? RequireUppercase { get; init; }
    public bool? RequireLowercase { get; init; }
    public bool? RequireNumbers { get; init; }
    public bool? RequireSymbols { get; init; }
    public int? PasswordHistorySize { get; init; }
    public int? TemporaryPasswordValidityDays { get; init; }
}

public sealed record StoredSignInPolicyType
{
    public List<string>? AllowedFirstAuthFactors { get; init; }
}

public sealed record StoredLambdaConfigType
{
    public string? PreSignUp { get; init; }
    public string? CustomMessage { get; init; }
    public string? PostConfirmation { get; init; }
    public string? PreAuthentication { get; init; }
    public string? PostAuthentication { get; init; }
    public string? DefineAuthChallenge { get; init; }
    public string? CreateAuthChallenge { get; init; }
    public string? VerifyAuthChallengeResponse { get; init; }
    public string? PreTokenGeneration { get; init; }
    public string? UserMigration { get; init; }
    public StoredLambdaVersionConfig? PreTokenGenerationConfig { get; init; }
    public StoredLambdaVersionConfig? CustomSMSSender { get; init; }
    public StoredLambdaVersionConfig? CustomEmailSender { get; init; }
    public string? KMSKeyID { get; init; }
    public StoredLambdaVersionConfig? InboundFederation { get; init; }
}

public sealed record StoredLambdaVersionConfig
{
    public string? LambdaArn { get; init; }
    public string? LambdaVersion { get; init; }
}

public sealed record StoredSchemaAttributeType
{
    public string? Name { get; init; }
    public string? AttributeDataType { get; init; }
    public bool? DeveloperOnlyAttribute { get; init; }
    public bool? Mutable { get; init; }
    public bool? Required { get; init; }
    public StoredNumberAttributeConstraintsType? NumberAttributeConstraints { get; init; }
    public StoredStringAttributeConstraintsType? StringAttributeConstraints { get; init; }
}

public sealed record StoredNumberAttributeConstraintsType
{
    public string? MinValue { get; init; }
    public string? MaxValue { get; init; }
}

public sealed record StoredStringAttributeConstraintsType
{
    public string? MinLength { get; init; }
    public string? MaxLength { get; init; }
}

public sealed record StoredVerificationMessageTemplateType
{
    public string? SmsMessage { get; init; }
    public string? EmailMessage { get; init; }
    public string? EmailSubject { get; init; }
    public string? EmailMessageByLink { get; init; }
    public string? EmailSubjectByLink { get; init; }
    public string? DefaultEmailOption { get; init; }
}

public sealed record StoredUserAttributeUpdateSettingsType
{
    public List<string>? AttributesRequireVerificationBeforeUpdate { get; init; }
}

public sealed record StoredDeviceConfigurationType
{
    public bool? ChallengeRequiredOnNewDevice { get; init; }
    public bool? DeviceOnlyRememberedOnUserPrompt { get; init; }
}

public sealed record StoredEmailConfigurationType
{
    public string? SourceArn { get; init; }
    public string? ReplyToEmailAddress { get; init; }
    public string? EmailSendingAccount { get; init; }
    public string? From { get; init; }
    public string? ConfigurationSet { get; init; }
}

public sealed record StoredSmsConfigurationType
{
    public string? SnsCallerArn { get; init; }
    public string? ExternalId { get; init; }
    public string? SnsRegion { get; init; }
}

public sealed record StoredAdminCreateUserConfigType
{
    public bool? AllowAdminCreateUserOnly { get; init; }
    public int? UnusedAccountValidityDays { get; init; }
    public StoredMessageTemplateType? InviteMessageTemplate { get; init; }
}

public sealed record StoredMessageTemplateType
{
    public string? SMSMessage { get; init; }
    public string? EmailMessage { get; init; }
    public string? EmailSubject { get; init; }
}

public sealed record StoredUserPoolAddOnsType
{
    public string? AdvancedSecurityMode { get; init; }
    public StoredAdvancedSecurityAdditionalFlowsType? AdvancedSecurityAdditionalFlows { get; init; }
}

public sealed record StoredAdvancedSecurityAdditionalFlowsType
{
    public string? CustomAuthMode { get; init; }
}

public sealed record StoredUsernameConfigurationType
{
    public bool? CaseSensitive { get; init; }
}

public sealed record StoredAccountRecoverySettingType
{
    public List<StoredRecoveryOptionType>? RecoveryMechanisms { get; init; }
}

public sealed record StoredRecoveryOptionType
{
    public int? Priority { get; init; }
    public string? Name { get; init; }
}

public sealed record StoredSoftwareTokenMfaConfigType
{
    public bool? Enabled { get; init; }
}

public sealed record StoredEmailMfaConfigType
{
    public string? Message { get; init; }
    public string? Subject { get; init; }
}

public sealed record StoredWebAuthnConfigurationType
{
    public string? RelyingPartyId { get; init; }
    public string? UserVerification { get; init; }
    public string? FactorConfiguration { get; init; }
}

public sealed record StoredAppClientSettings
{
    public int? RefreshTokenValidity { get; init; }
    public int? AccessTokenValidity { get; init; }
    public int? IdTokenValidity { get; init; }
    public StoredTokenValidityUnitsType? TokenValidityUnits { get; init; }
    public List<string>? ReadAttributes { get; init; }
    public List<string>? WriteAttributes { get; init; }
    public List<string>? ExplicitAuthFlows { get; init; }
    public List<string>? SupportedIdentityProviders { get; init; }
    public List<string>? CallbackURLs { get; init; }
    public List<string>? LogoutURLs { get; init; }
    public string? DefaultRedirectURI { get; init; }
    public List<string>? AllowedOAuthFlows { get; init; }
    public List<string>? AllowedOAuthScopes { get; init; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; init; }
    public StoredAnalyticsConfigurationType? AnalyticsConfiguration { get; init; }
    public string? PreventUserExistenceErrors { get; init; }
    public bool? EnableTokenRevocation { get; init; }
    public bool? EnablePropagateAdditionalUserContextData { get; init; }
    public int? AuthSessionValidity { get; init; }
    public StoredRefreshTokenRotationType? RefreshTokenRotation { get; init; }
}

public sealed record StoredTokenValidityUnitsType
{
    public string? AccessToken { get; init; }
    public string? IdToken { get; init; }
    public string? RefreshToken { get; init; }
}

public sealed record StoredAnalyticsConfigurationType
{
    public string? ApplicationId { get; init; }
    public string? ApplicationArn { get; init; }
    public string? RoleArn { get; init; }
    public string? ExternalId { get; init; }
    public bool? UserDataShared { get; init; }
}

public sealed record StoredRefreshTokenRotationType
{
    public string? Feature { get; init; }
    public int? RetryGracePeriodSeconds { get; init; }
}

public sealed record StoredIdentityPoolSettings
{
    public bool AllowUnauthenticatedIdentities { get; init; }
    public bool AllowClassicFlow { get; init; }
    public Dictionary<string, string>? SupportedLoginProviders { get; init; }
    public string? DeveloperProviderName { get; init; }
    public List<string>? OpenIdConnectProviderARNs { get; init; }
    public List<StoredCognitoIdentityProvider>? CognitoIdentityProviders { get; init; }
    public List<string>? SamlProviderARNs { get; init; }
    public Dictionary<string, string>? IdentityPoolTags { get; init; }
    public Dictionary<string, string>? Roles { get; init; }
    public Dictionary<string, StoredRoleMapping>? RoleMappings { get; init; }
    public Dictionary<string, StoredPrincipalTagAttributeMap>? PrincipalTagAttributeMaps { get; init; }
}

public sealed record StoredCognitoIdentityProvider
{
    public string? ProviderName { get; init; }
    public string? ClientId { get; init; }
    public bool? ServerSideTokenCheck { get; init; }
}

public sealed record StoredRoleMapping
{
    public string? Type { get; init; }
    public string? AmbiguousRoleResolution { get; init; }
    public StoredRulesConfigurationType? RulesConfiguration { get; init; }
}

public sealed record StoredRulesConfigurationType
{
    public List<StoredMappingRule>? Rules { get; init; }
}

public sealed record StoredMappingRule
{
    public string? Claim { get; init; }
    public string? MatchType { get; init; }
    public string? Value { get; init; }
    public string? RoleARN { get; init; }
}

public sealed record StoredPrincipalTagAttributeMap
{
    public bool UseDefaults { get; init; }
    public Dictionary<string, string>? PrincipalTags { get; init; }
}
