using System.Text.Json;
using CognitoLite.Core.Api;
using CognitoLite.Core.IdentityPools;
using CognitoLite.Core.Storage;
using CognitoLite.Core.UserPools;

namespace CognitoLite.Tests.Storage;

/// <summary>
/// Settings documents as databases hold them (the JSON the wire records were stored as, every member given) read through
/// Storage's own records and map back to the wire records unchanged; written again, they are the same bytes. Older
/// documents without the members added since read with the wire records' defaults.
/// </summary>
public sealed class StoredSettingsTests
{
    private const string Pool = """
        {
          "Policies": {
            "PasswordPolicy": { "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": false, "RequireNumbers": true,
              "RequireSymbols": false, "PasswordHistorySize": 3, "TemporaryPasswordValidityDays": 5 },
            "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] }
          },
          "DeletionProtection": "ACTIVE",
          "LambdaConfig": {
            "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:a", "CustomMessage": "arn:aws:lambda:us-east-1:123456789012:function:b",
            "PostConfirmation": "arn:aws:lambda:us-east-1:123456789012:function:c", "PreAuthentication": "arn:aws:lambda:us-east-1:123456789012:function:d",
            "PostAuthentication": "arn:aws:lambda:us-east-1:123456789012:function:e", "DefineAuthChallenge": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "CreateAuthChallenge": "arn:aws:lambda:us-east-1:123456789012:function:g", "VerifyAuthChallengeResponse": "arn:aws:lambda:us-east-1:123456789012:function:h",
            "PreTokenGeneration": "arn:aws:lambda:us-east-1:123456789012:function:i", "UserMigration": "arn:aws:lambda:us-east-1:123456789012:function:j",
            "PreTokenGenerationConfig": { "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:k", "LambdaVersion": "V2_0" },
            "CustomSMSSender": { "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:l", "LambdaVersion": "V1_0" },
            "CustomEmailSender": { "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:m", "LambdaVersion": "V1_0" },
            "KMSKeyID": "arn:aws:kms:us-east-1:123456789012:key/n",
            "InboundFederation": { "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:o", "LambdaVersion": "V1_0" }
          },
          "SchemaAttributes": [
            { "Name": "email", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": true, "Required": true,
              "StringAttributeConstraints": { "MinLength": "0", "MaxLength": "2048" } },
            { "Name": "custom:level", "AttributeDataType": "Number", "DeveloperOnlyAttribute": false, "Mutable": true, "Required": false,
              "NumberAttributeConstraints": { "MinValue": "1", "MaxValue": "9" } }
          ],
          "AutoVerifiedAttributes": ["email"],
          "AliasAttributes": ["email", "preferred_username"],
          "UsernameAttributes": ["phone_number"],
          "SmsVerificationMessage": "Code {####}",
          "EmailVerificationMessage": "Your code is {####}",
          "EmailVerificationSubject": "Your code",
          "VerificationMessageTemplate": { "SmsMessage": "Code {####}", "EmailMessage": "Your code is {####}", "EmailSubject": "Your code",
            "EmailMessageByLink": "Click {##Verify##}", "EmailSubjectByLink": "Verify", "DefaultEmailOption": "CONFIRM_WITH_LINK" },
          "SmsAuthenticationMessage": "Sign-in code {####}",
          "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
          "MfaConfiguration": "OPTIONAL",
          "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false },
          "EmailConfiguration": { "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/a@example.org", "ReplyToEmailAddress": "r@example.org",
            "EmailSendingAccount": "DEVELOPER", "From": "Team <a@example.org>", "ConfigurationSet": "set" },
          "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "x", "SnsRegion": "us-east-1" },
          "UserPoolTags": { "team": "identity", "cost": "7" },
          "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 5,
            "InviteMessageTemplate": { "SMSMessage": "Hi {username} {####}", "EmailMessage": "Hi {username}, {####}", "EmailSubject": "Welcome" } },
          "UserPoolAddOns": { "AdvancedSecurityMode": "AUDIT", "AdvancedSecurityAdditionalFlows": { "CustomAuthMode": "AUDIT" } },
          "UsernameConfiguration": { "CaseSensitive": false },
          "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Priority": 1, "Name": "verified_email" }, { "Priority": 2, "Name": "verified_phone_number" }] },
          "UserPoolTier": "PLUS",
          "SoftwareTokenMfaConfiguration": { "Enabled": true },
          "EmailMfaConfiguration": { "Message": "Code {####}", "Subject": "Sign-in" },
          "WebAuthnConfiguration": { "RelyingPartyId": "example.org", "UserVerification": "required" }
        }
        """;

    /// <summary>A pool stored before the tier, MFA-by-email and passkey settings existed.</summary>
    private const string OlderPool = """
        {
          "Policies": { "PasswordPolicy": { "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true, "RequireNumbers": true,
            "RequireSymbols": true, "TemporaryPasswordValidityDays": 7 } },
          "DeletionProtection": "INACTIVE", "LambdaConfig": {},
          "SchemaAttributes": [{ "Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": false, "Required": true,
            "StringAttributeConstraints": { "MinLength": "1", "MaxLength": "2048" } }],
          "VerificationMessageTemplate": { "DefaultEmailOption": "CONFIRM_WITH_CODE" },
          "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": [] },
          "MfaConfiguration": "OFF", "EmailConfiguration": { "EmailSendingAccount": "COGNITO_DEFAULT" }, "UserPoolTags": {},
          "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": false, "UnusedAccountValidityDays": 7 }
        }
        """;

    private const string Client = """
        {
          "RefreshTokenValidity": 10, "AccessTokenValidity": 30, "IdTokenValidity": 45,
          "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days" },
          "ReadAttributes": ["email", "name"], "WriteAttributes": ["name"],
          "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "SupportedIdentityProviders": ["COGNITO"],
          "CallbackURLs": ["https://app.example.org/cb"], "LogoutURLs": ["https://app.example.org/out"], "DefaultRedirectURI": "https://app.example.org/cb",
          "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"], "AllowedOAuthFlowsUserPoolClient": true,
          "AnalyticsConfiguration": { "ApplicationId": "a", "ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/a",
            "RoleArn": "arn:aws:iam::123456789012:role/p", "ExternalId": "e", "UserDataShared": true },
          "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": true, "EnablePropagateAdditionalUserContextData": false,
          "AuthSessionValidity": 3, "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 }
        }
        """;

    private const string IdentityPool = """
        {
          "AllowUnauthenticatedIdentities": true, "AllowClassicFlow": false,
          "SupportedLoginProviders": { "accounts.google.com": "client.apps.googleusercontent.com" },
          "DeveloperProviderName": "login.example",
          "OpenIdConnectProviderARNs": ["arn:aws:iam::123456789012:oidc-provider/idp.example.org"],
          "CognitoIdentityProviders": [{ "ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "ClientId": "client1", "ServerSideTokenCheck": false }],
          "SamlProviderARNs": ["arn:aws:iam::123456789012:saml-provider/corp"],
          "IdentityPoolTags": { "team": "identity" },
          "Roles": { "authenticated": "arn:aws:iam::123456789012:role/auth", "unauthenticated": "arn:aws:iam::123456789012:role/guest" },
          "RoleMappings": {
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client1": { "Type": "Rules", "AmbiguousRoleResolution": "Deny",
              "RulesConfiguration": { "Rules": [{ "Claim": "cognito:groups", "MatchType": "Contains", "Value": "admins", "RoleARN": "arn:aws:iam::123456789012:role/admin" }] } },
            "idp.example.org": { "Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole" }
          },
          "PrincipalTagAttributeMaps": { "idp.example.org": { "UseDefaults": false, "PrincipalTags": { "team": "custom:team" } } }
        }
        """;

    [Fact]
    public void A_stored_pool_reads_back_as_the_same_wire_settings_and_bytes() =>
        ReadsBackUnchanged<StoredUserPoolSettings, UserPoolSettings>(Pool, s => s.ToWire());

    [Fact]
    public void A_pool_stored_before_the_newer_settings_reads_with_their_defaults() =>
        ReadsBackUnchanged<StoredUserPoolSettings, UserPoolSettings>(OlderPool, s => s.ToWire(), sameBytes: false);

    [Fact]
    public void A_stored_app_client_reads_back_as_the_same_wire_settings_and_bytes() =>
        ReadsBackUnchanged<StoredAppClientSettings, AppClientSettings>(Client, s => s.ToWire());

    [Fact]
    public void A_stored_identity_pool_reads_back_as_the_same_wire_settings_and_bytes() =>
        ReadsBackUnchanged<StoredIdentityPoolSettings, IdentityPoolSettings>(IdentityPool, s => s.ToWire());

    [Fact]
    public void Wire_settings_are_stored_as_the_same_document()
    {
        Assert.Equal(Compact(Pool), Json(Read<UserPoolSettings>(Pool).ToStored()));
        Assert.Equal(Compact(Client), Json(Read<AppClientSettings>(Client).ToStored()));
        Assert.Equal(Compact(IdentityPool), Json(Read<IdentityPoolSettings>(IdentityPool).ToStored()));
    }

    /// <summary>
    /// Every member of every wire record a settings document holds has its twin in Storage's record of the same name
    /// (Stored + the wire name), and no more: a member added to a wire record without its stored twin would be dropped
    /// when settings are written.
    /// </summary>
    [Fact]
    public void Every_wire_settings_record_has_a_stored_twin_with_the_same_members()
    {
        var checkedTypes = new HashSet<Type>();
        var pending = new Queue<Type>([typeof(UserPoolSettings), typeof(AppClientSettings), typeof(IdentityPoolSettings)]);
        while (pending.TryDequeue(out var wire))
        {
            if (!checkedTypes.Add(wire)) continue;
            var twin = typeof(StoredUserPoolSettings).Assembly.GetType($"{typeof(StoredUserPoolSettings).Namespace}.Stored{wire.Name}");
            Assert.True(twin is not null, $"{wire.Name} has no Stored{wire.Name} in Storage.");
            Assert.Equal(Names(wire), Names(twin));
            foreach (var member in wire.GetProperties().SelectMany(p => Records(p.PropertyType))) pending.Enqueue(member);
        }
        Assert.True(checkedTypes.Count > 30, "The walk reached the nested records.");

        static string[] Names(Type type) => [.. type.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal)];

        // The wire records a member holds: itself, a list's elements or a map's values, when they are Core records.
        static IEnumerable<Type> Records(Type type)
        {
            var inner = type.IsGenericType ? type.GetGenericArguments() : [type];
            return inner.Select(t => Nullable.GetUnderlyingType(t) ?? t)
                .Where(t => t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("CognitoLite.Core", StringComparison.Ordinal) == true);
        }
    }

    /// <summary>
    /// The document through Storage's record to the wire record equals the document read as the wire record (what the
    /// server read before the two were apart); and, for a document as the server writes it, it is written back byte for byte.
    /// </summary>
    private static void ReadsBackUnchanged<TStored, TWire>(string document, Func<TStored, TWire> toWire, bool sameBytes = true)
    {
        var stored = Read<TStored>(document);
        Assert.Equal(Json(Read<TWire>(document)), Json(toWire(stored)));
        if (!sameBytes) return;
        Assert.Equal(Compact(document), Json(stored));
        Assert.Equal(Compact(document), Json(toWire(stored)));
    }

    private static T Read<T>(string document) => JsonSerializer.Deserialize<T>(document, CognitoJson.Options)!;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, CognitoJson.Options);

    /// <summary>The literal as the JSON column holds it: CognitoJson's compact form.</summary>
    private static string Compact(string document) =>
        JsonSerializer.Serialize(JsonDocument.Parse(document).RootElement, CognitoJson.Options);
}
