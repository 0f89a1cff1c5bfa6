using CognitoLite.Core.Storage;

namespace CognitoLite.Core.UserPools;

/// <summary>
/// A pool's and an app client's settings between their wire records and Storage's documents (Storage/StoredSettings.cs):
/// member for member, at the feature's boundary, where settings are written (create, update) and described.
/// </summary>
internal static class UserPoolStorageMapping
{
    public static StoredUserPoolSettings ToStored(this UserPoolSettings wire) => new()
    {
        Policies = wire.Policies.ToStored(),
        DeletionProtection = wire.DeletionProtection,
        LambdaConfig = wire.LambdaConfig.ToStored(),
        SchemaAttributes = wire.SchemaAttributes.Select(e => e.ToStored()).ToList(),
        AutoVerifiedAttributes = wire.AutoVerifiedAttributes?.ToList(),
        AliasAttributes = wire.AliasAttributes?.ToList(),
        UsernameAttributes = wire.UsernameAttributes?.ToList(),
        SmsVerificationMessage = wire.SmsVerificationMessage,
        EmailVerificationMessage = wire.EmailVerificationMessage,
        EmailVerificationSubject = wire.EmailVerificationSubject,
        VerificationMessageTemplate = wire.VerificationMessageTemplate.ToStored(),
        SmsAuthenticationMessage = wire.SmsAuthenticationMessage,
        UserAttributeUpdateSettings = wire.UserAttributeUpdateSettings.ToStored(),
        MfaConfiguration = wire.MfaConfiguration,
        DeviceConfiguration = wire.DeviceConfiguration?.ToStored(),
        EmailConfiguration = wire.EmailConfiguration.ToStored(),
        SmsConfiguration = wire.SmsConfiguration?.ToStored(),
        UserPoolTags = wire.UserPoolTags.ToDictionary(),
        AdminCreateUserConfig = wire.AdminCreateUserConfig.ToStored(),
        UserPoolAddOns = wire.UserPoolAddOns?.ToStored(),
        UsernameConfiguration = wire.UsernameConfiguration?.ToStored(),
        AccountRecoverySetting = wire.AccountRecoverySetting?.ToStored(),
        UserPoolTier = wire.UserPoolTier,
        SoftwareTokenMfaConfiguration = wire.SoftwareTokenMfaConfiguration?.ToStored(),
        EmailMfaConfiguration = wire.EmailMfaConfiguration?.ToStored(),
        WebAuthnConfiguration = wire.WebAuthnConfiguration?.ToStored(),
    };

    public static UserPoolSettings ToWire(this StoredUserPoolSettings stored) => new()
    {
        Policies = stored.Policies.ToWire(),
        DeletionProtection = stored.DeletionProtection,
        LambdaConfig = stored.LambdaConfig.ToWire(),
        SchemaAttributes = stored.SchemaAttributes.Select(e => e.ToWire()).ToList(),
        AutoVerifiedAttributes = stored.AutoVerifiedAttributes?.ToList(),
        AliasAttributes = stored.AliasAttributes?.ToList(),
        UsernameAttributes = stored.UsernameAttributes?.ToList(),
        SmsVerificationMessage = stored.SmsVerificationMessage,
        EmailVerificationMessage = stored.EmailVerificationMessage,
        EmailVerificationSubject = stored.EmailVerificationSubject,
        VerificationMessageTemplate = stored.VerificationMessageTemplate.ToWire(),
        SmsAuthenticationMessage = stored.SmsAuthenticationMessage,
        UserAttributeUpdateSettings = stored.UserAttributeUpdateSettings.ToWire(),
        MfaConfiguration = stored.MfaConfiguration,
        DeviceConfiguration = stored.DeviceConfiguration?.ToWire(),
        EmailConfiguration = stored.EmailConfiguration.ToWire(),
        SmsConfiguration = stored.SmsConfiguration?.ToWire(),
        UserPoolTags = stored.UserPoolTags.ToDictionary(),
        AdminCreateUserConfig = stored.AdminCreateUserConfig.ToWire(),
        UserPoolAddOns = stored.UserPoolAddOns?.ToWire(),
        UsernameConfiguration = stored.UsernameConfiguration?.ToWire(),
        AccountRecoverySetting = stored.AccountRecoverySetting?.ToWire(),
        UserPoolTier = stored.UserPoolTier,
        SoftwareTokenMfaConfiguration = stored.SoftwareTokenMfaConfiguration?.ToWire(),
        EmailMfaConfiguration = stored.EmailMfaConfiguration?.ToWire(),
        WebAuthnConfiguration = stored.WebAuthnConfiguration?.ToWire(),
    };

    public static StoredUserPoolPolicyType ToStored(this UserPoolPolicyType wire) => new()
    {
        PasswordPolicy = wire.PasswordPolicy?.ToStored(),
        SignInPolicy = wire.SignInPolicy?.ToStored(),
    };

    public static UserPoolPolicyType ToWire(this StoredUserPoolPolicyType stored) => new()
    {
        PasswordPolicy = stored.PasswordPolicy?.ToWire(),
        SignInPolicy = stored.SignInPolicy?.ToWire(),
    };

    public static StoredPasswordPolicyType ToStored(this PasswordPolicyType wire) => new()
    {
        MinimumLength = wire.MinimumLength,
        RequireUppercase = wire.RequireUppercase,
        RequireLowercase = wire.RequireLowercase,
        RequireNumbers = wire.RequireNumbers,
        RequireSymbols = wire.RequireSymbols,
        PasswordHistorySize = wire.PasswordHistorySize,
        TemporaryPasswordValidityDays = wire.TemporaryPasswordValidityDays,
    };

    public static PasswordPolicyType ToWire(this StoredPasswordPolicyType stored) => new()
    {
        MinimumLength = stored.MinimumLength,
        RequireUppercase = stored.RequireUppercase,
        RequireLowercase = stored.RequireLowercase,
        RequireNumbers = stored.RequireNumbers,
        RequireSymbols = stored.RequireSymbols,
        PasswordHistorySize = stored.PasswordHistorySize,
        TemporaryPasswordValidityDays = stored.TemporaryPasswordValidityDays,
    };

    public static StoredSignInPolicyType ToStored(this SignInPolicyType wire) => new()
    {
        AllowedFirstAuthFactors = wire.AllowedFirstAuthFactors?.ToList(),
    };

    public static SignInPolicyType ToWire(this StoredSignInPolicyType stored) => new()
    {
        AllowedFirstAuthFactors = stored.AllowedFirstAuthFactors?.ToList(),
    };

    public static StoredLambdaConfigType ToStored(this LambdaConfigType wire) => new()
    {
        PreSignUp = wire.PreSignUp,
        CustomMessage = wire.CustomMessage,
        PostConfirmation = wire.PostConfirmation,
        PreAuthentication = wire.PreAuthentication,
        PostAuthentication = wire.PostAuthentication,
        DefineAuthChallenge = wire.DefineAuthChallenge,
        CreateAuthChallenge = wire.CreateAuthChallenge,
        VerifyAuthChallengeResponse = wire.VerifyAuthChallengeResponse,
        PreTokenGeneration = wire.PreTokenGeneration,
        UserMigration = wire.UserMigration,
        PreTokenGenerationConfig = wire.PreTokenGenerationConfig?.ToStored(),
        CustomSMSSender = wire.CustomSMSSender?.ToStored(),
        CustomEmailSender = wire.CustomEmailSender?.ToStored(),
        KMSKeyID = wire.KMSKeyID,
        InboundFederation = wire.InboundFederation?.ToStored(),
    };

    public static LambdaConfigType ToWire(this StoredLambdaConfigType stored) => new()
    {
        PreSignUp = stored.PreSignUp,
        CustomMessage = stored.CustomMessage,
        PostConfirmation = stored.PostConfirmation,
        PreAuthentication = stored.PreAuthentication,
        PostAuthentication = stored.PostAuthentication,
        DefineAuthChallenge = stored.DefineAuthChallenge,
        CreateAuthChallenge = stored.CreateAuthChallenge,
        VerifyAuthChallengeResponse = stored.VerifyAuthChallengeResponse,
        PreTokenGeneration = stored.PreTokenGeneration,
        UserMigration = stored.UserMigration,
        PreTokenGenerationConfig = stored.PreTokenGenerationConfig?.ToWire(),
        CustomSMSSender = stored.CustomSMSSender?.ToWire(),
        CustomEmailSender = stored.CustomEmailSender?.ToWire(),
        KMSKeyID = stored.KMSKeyID,
        InboundFederation = stored.InboundFederation?.ToWire(),
    };

    public static StoredLambdaVersionConfig ToStored(this LambdaVersionConfig wire) => new()
    {
        LambdaArn = wire.LambdaArn,
        LambdaVersion = wire.LambdaVersion,
    };

    public static LambdaVersionConfig ToWire(this StoredLambdaVersionConfig stored) => new()
    {
        LambdaArn = stored.LambdaArn,
        LambdaVersion = stored.LambdaVersion,
    };

    public static StoredSchemaAttributeType ToStored(this SchemaAttributeType wire) => new()
    {
        Name = wire.Name,
        AttributeDataType = wire.AttributeDataType,
        DeveloperOnlyAttribute = wire.DeveloperOnlyAttribute,
        Mutable = wire.Mutable,
        Required = wire.Required,
        NumberAttributeConstraints = wire.NumberAttributeConstraints?.ToStored(),
        StringAttributeConstraints = wire.StringAttributeConstraints?.ToStored(),
    };

    public static SchemaAttributeType ToWire(this StoredSchemaAttributeType stored) => new()
    {
        Name = stored.Name,
        AttributeDataType = stored.AttributeDataType,
        DeveloperOnlyAttribute = stored.DeveloperOnlyAttribute,
        Mutable = stored.Mutable,
        Required = stored.Required,
        NumberAttributeConstraints = stored.NumberAttributeConstraints?.ToWire(),
        StringAttributeConstraints = stored.StringAttributeConstraints?.ToWire(),
    };

    public static StoredNumberAttributeConstraintsType ToStored(this NumberAttributeConstraintsType wire) => new()
    {
        MinValue = wire.MinValue,
        MaxValue = wire.MaxValue,
    };

    public static NumberAttributeConstraintsType ToWire(this StoredNumberAttributeConstraintsType stored) => new()
    {
        MinValue = stored.MinValue,
        MaxValue = stored.MaxValue,
    };

    public static StoredStringAttributeConstraintsType ToStored(this StringAttributeConstraintsType wire) => new()
    {
        MinLength = wire.MinLength,
        MaxLength = wire.MaxLength,
    };

    public static StringAttributeConstraintsType ToWire(this StoredStringAttributeConstraintsType stored) => new()
    {
        MinLength = stored.MinLength,
        MaxLength = stored.MaxLength,
    };

    public static StoredVerificationMessageTemplateType ToStored(this VerificationMessageTemplateType wire) => new()
    {
        SmsMessage = wire.SmsMessage,
        EmailMessage = wire.EmailMessage,
        EmailSubject = wire.EmailSubject,
        EmailMessageByLink = wire.EmailMessageByLink,
        EmailSubjectByLink = wire.EmailSubjectByLink,
        DefaultEmailOption = wire.DefaultEmailOption,
    };

    public static VerificationMessageTemplateType ToWire(this StoredVerificationMessageTemplateType stored) => new()
    {
        SmsMessage = stored.SmsMessage,
        EmailMessage = stored.EmailMessage,
        EmailSubject = stored.EmailSubject,
        EmailMessageByLink = stored.EmailMessageByLink,
        EmailSubjectByLink = stored.EmailSubjectByLink,
        DefaultEmailOption = stored.DefaultEmailOption,
    };

    public static StoredUserAttributeUpdateSettingsType ToStored(this UserAttributeUpdateSettingsType wire) => new()
    {
        AttributesRequireVerificationBeforeUpdate = wire.AttributesRequireVerificationBeforeUpdate?.ToList(),
    };

    public static UserAttributeUpdateSettingsType ToWire(this StoredUserAttributeUpdateSettingsType stored) => new()
    {
        AttributesRequireVerificationBeforeUpdate = stored.AttributesRequireVerificationBeforeUpdate?.ToList(),
    };

    public static StoredDeviceConfigurationType ToStored(this DeviceConfigurationType wire) => new()
    {
        ChallengeRequiredOnNewDevice = wire.ChallengeRequiredOnNewDevice,
        DeviceOnlyRememberedOnUserPrompt = wire.DeviceOnlyRememberedOnUserPrompt,
    };

    public static DeviceConfigurationType ToWire(this StoredDeviceConfigurationType stored) => new()
    {
        ChallengeRequiredOnNewDevice = stored.ChallengeRequiredOnNewDevice,
        DeviceOnlyRememberedOnUserPrompt = stored.DeviceOnlyRememberedOnUserPrompt,
    };

    public static StoredEmailConfigurationType ToStored(this EmailConfigurationType wire) => new()
    {
        SourceArn = wire.SourceArn,
        ReplyToEmailAddress = wire.ReplyToEmailAddress,
        EmailSendingAccount = wire.EmailSendingAccount,
        From = wire.From,
        ConfigurationSet = wire.ConfigurationSet,
    };

    public static EmailConfigurationType ToWire(this StoredEmailConfigurationType stored) => new()
    {
        SourceArn = stored.SourceArn,
        ReplyToEmailAddress = stored.ReplyToEmailAddress,
        EmailSendingAccount = stored.EmailSendingAccount,
        From = stored.From,
        ConfigurationSet = stored.ConfigurationSet,
    };

    public static StoredSmsConfigurationType ToStored(this SmsConfigurationType wire) => new()
    {
        SnsCallerArn = wire.SnsCallerArn,
        ExternalId = wire.ExternalId,
        SnsRegion = wire.SnsRegion,
    };

    public static SmsConfigurationType ToWire(this StoredSmsConfigurationType stored) => new()
    {
        SnsCallerArn = stored.SnsCallerArn,
        ExternalId = stored.ExternalId,
        SnsRegion = stored.SnsRegion,
    };

    public static StoredAdminCreateUserConfigType ToStored(this AdminCreateUserConfigType wire) => new()
    {
        AllowAdminCreateUserOnly = wire.AllowAdminCreateUserOnly,
        UnusedAccountValidityDays = wire.UnusedAccountValidityDays,
        InviteMessageTemplate = wire.InviteMessageTemplate?.ToStored(),
    };

    public static AdminCreateUserConfigType ToWire(this StoredAdminCreateUserConfigType stored) => new()
    {
        AllowAdminCreateUserOnly = stored.AllowAdminCreateUserOnly,
        UnusedAccountValidityDays = stored.UnusedAccountValidityDays,
        InviteMessageTemplate = stored.InviteMessageTemplate?.ToWire(),
    };

    public static StoredMessageTemplateType ToStored(this MessageTemplateType wire) => new()
    {
        SMSMessage = wire.SMSMessage,
        EmailMessage = wire.EmailMessage,
        EmailSubject = wire.EmailSubject,
    };

    public static MessageTemplateType ToWire(this StoredMessageTemplateType stored) => new()
    {
        SMSMessage = stored.SMSMessage,
        EmailMessage = stored.EmailMessage,
        EmailSubject = stored.EmailSubject,
    };

    public static StoredUserPoolAddOnsType ToStored(this UserPoolAddOnsType wire) => new()
    {
        AdvancedSecurityMode = wire.AdvancedSecurityMode,
        AdvancedSecurityAdditionalFlows = wire.AdvancedSecurityAdditionalFlows?.ToStored(),
    };

    public static UserPoolAddOnsType ToWire(this StoredUserPoolAddOnsType stored) => new()
    {
        AdvancedSecurityMode = stored.AdvancedSecurityMode,
        AdvancedSecurityAdditionalFlows = stored.AdvancedSecurityAdditionalFlows?.ToWire(),
    };

    public static StoredAdvancedSecurityAdditionalFlowsType ToStored(this AdvancedSecurityAdditionalFlowsType wire) => new()
    {
        CustomAuthMode = wire.CustomAuthMode,
    };

    public static AdvancedSecurityAdditionalFlowsType ToWire(this StoredAdvancedSecurityAdditionalFlowsType stored) => new()
    {
        CustomAuthMode = stored.CustomAuthMode,
    };

    public static StoredUsernameConfigurationType ToStored(this UsernameConfigurationType wire) => new()
    {
        CaseSensitive = wire.CaseSensitive,
    };

    public static UsernameConfigurationType ToWire(this StoredUsernameConfigurationType stored) => new()
    {
        CaseSensitive = stored.CaseSensitive,
    };

    public static StoredAccountRecoverySettingType ToStored(this AccountRecoverySettingType wire) => new()
    {
        RecoveryMechanisms = wire.RecoveryMechanisms?.Select(e => e.ToStored()).ToList(),
    };

    public static AccountRecoverySettingType ToWire(this StoredAccountRecoverySettingType stored) => new()
    {
        RecoveryMechanisms = stored.RecoveryMechanisms?.Select(e => e.ToWire()).ToList(),
    };

    public static StoredRecoveryOptionType ToStored(this RecoveryOptionType wire) => new()
    {
        Priority = wire.Priority,
        Name = wire.Name,
    };

    public static RecoveryOptionType ToWire(this StoredRecoveryOptionType stored) => new()
    {
        Priority = stored.Priority,
        Name = stored.Name,
    };

    public static StoredSoftwareTokenMfaConfigType ToStored(this SoftwareTokenMfaConfigType wire) => new()
    {
        Enabled = wire.Enabled,
    };

    public static SoftwareTokenMfaConfigType ToWire(this StoredSoftwareTokenMfaConfigType stored) => new()
    {
        Enabled = stored.Enabled,
    };

    public static StoredEmailMfaConfigType ToStored(this EmailMfaConfigType wire) => new()
    {
        Message = wire.Message,
        Subject = wire.Subject,
    };

    public static EmailMfaConfigType ToWire(this StoredEmailMfaConfigType stored) => new()
    {
        Message = stored.Message,
        Subject = stored.Subject,
    };

    public static StoredWebAuthnConfigurationType ToStored(this WebAuthnConfigurationType wire) => new()
    {
        RelyingPartyId = wire.RelyingPartyId,
        UserVerification = wire.UserVerification,
        FactorConfiguration = wire.FactorConfiguration,
    };

    public static WebAuthnConfigurationType ToWire(this StoredWebAuthnConfigurationType stored) => new()
    {
        RelyingPartyId = stored.RelyingPartyId,
        UserVerification = stored.UserVerification,
        FactorConfiguration = stored.FactorConfiguration,
    };

    public static StoredAppClientSettings ToStored(this AppClientSettings wire) => new()
    {
        RefreshTokenValidity = wire.RefreshTokenValidity,
        AccessTokenValidity = wire.AccessTokenValidity,
        IdTokenValidity = wire.IdTokenValidity,
        TokenValidityUnits = wire.TokenValidityUnits?.ToStored(),
        ReadAttributes = wire.ReadAttributes?.ToList(),
        WriteAttributes = wire.WriteAttributes?.ToList(),
        ExplicitAuthFlows = wire.ExplicitAuthFlows?.ToList(),
        SupportedIdentityProviders = wire.SupportedIdentityProviders?.ToList(),
        CallbackURLs = wire.CallbackURLs?.ToList(),
        LogoutURLs = wire.LogoutURLs?.ToList(),
        DefaultRedirectURI = wire.DefaultRedirectURI,
        AllowedOAuthFlows = wire.AllowedOAuthFlows?.ToList(),
        AllowedOAuthScopes = wire.AllowedOAuthScopes?.ToList(),
        AllowedOAuthFlowsUserPoolClient = wire.AllowedOAuthFlowsUserPoolClient,
        AnalyticsConfiguration = wire.AnalyticsConfiguration?.ToStored(),
        PreventUserExistenceErrors = wire.PreventUserExistenceErrors,
        EnableTokenRevocation = wire.EnableTokenRevocation,
        EnablePropagateAdditionalUserContextData = wire.EnablePropagateAdditionalUserContextData,
        AuthSessionValidity = wire.AuthSessionValidity,
        RefreshTokenRotation = wire.RefreshTokenRotation?.ToStored(),
    };

    public static AppClientSettings ToWire(this StoredAppClientSettings stored) => new()
    {
        RefreshTokenValidity = stored.RefreshTokenValidity,
        AccessTokenValidity = stored.AccessTokenValidity,
        IdTokenValidity = stored.IdTokenValidity,
        TokenValidityUnits = stored.TokenValidityUnits?.ToWire(),
        ReadAttributes = stored.ReadAttributes?.ToList(),
        WriteAttributes = stored.WriteAttributes?.ToList(),
        ExplicitAuthFlows = stored.ExplicitAuthFlows?.ToList(),
        SupportedIdentityProviders = stored.SupportedIdentityProviders?.ToList(),
        CallbackURLs = stored.CallbackURLs?.ToList(),
        LogoutURLs = stored.LogoutURLs?.ToList(),
        DefaultRedirectURI = stored.DefaultRedirectURI,
        AllowedOAuthFlows = stored.AllowedOAuthFlows?.ToList(),
        AllowedOAuthScopes = stored.AllowedOAuthScopes?.ToList(),
        AllowedOAuthFlowsUserPoolClient = stored.AllowedOAuthFlowsUserPoolClient,
        AnalyticsConfiguration = stored.AnalyticsConfiguration?.ToWire(),
        PreventUserExistenceErrors = stored.PreventUserExistenceErrors,
        EnableTokenRevocation = stored.EnableTokenRevocation,
        EnablePropagateAdditionalUserContextData = stored.EnablePropagateAdditionalUserContextData,
        AuthSessionValidity = stored.AuthSessionValidity,
        RefreshTokenRotation = stored.RefreshTokenRotation?.ToWire(),
    };

    public static StoredTokenValidityUnitsType ToStored(this TokenValidityUnitsType wire) => new()
    {
        AccessToken = wire.AccessToken,
        IdToken = wire.IdToken,
        RefreshToken = wire.RefreshToken,
    };

    public static TokenValidityUnitsType ToWire(this StoredTokenValidityUnitsType stored) => new()
    {
        AccessToken = stored.AccessToken,
        IdToken = stored.IdToken,
        RefreshToken = stored.RefreshToken,
    };

    public static StoredAnalyticsConfigurationType ToStored(this AnalyticsConfigurationType wire) => new()
    {
        ApplicationId = wire.ApplicationId,
        ApplicationArn = wire.ApplicationArn,
        RoleArn = wire.RoleArn,
        ExternalId = wire.ExternalId,
        UserDataShared = wire.UserDataShared,
    };

    public static AnalyticsConfigurationType ToWire(this StoredAnalyticsConfigurationType stored) => new()
    {
        ApplicationId = stored.ApplicationId,
        ApplicationArn = stored.ApplicationArn,
        RoleArn = stored.RoleArn,
        ExternalId = stored.ExternalId,
        UserDataShared = stored.UserDataShared,
    };

    public static StoredRefreshTokenRotationType ToStored(this RefreshTokenRotationType wire) => new()
    {
        Feature = wire.Feature,
        RetryGracePeriodSeconds = wire.RetryGracePeriodSeconds,
    };

    public static RefreshTokenRotationType ToWire(this StoredRefreshTokenRotationType stored) => new()
    {
        Feature = stored.Feature,
        RetryGracePeriodSeconds = stored.RetryGracePeriodSeconds,
    };
}
