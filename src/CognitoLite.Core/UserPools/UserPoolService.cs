using System.Globalization;
using System.Text.RegularExpressions;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

/// <summary>User pool management: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
/// AddCustomAttributes, Get/SetUserPoolMfaConfig and the tag operations.</summary>
public sealed partial class UserPoolService(CognitoDbContext db, SigningKeyCache keyCache, UserPoolCache cache, CognitoOptions options, RequestContext context, TimeProvider clock)
{
    private const int MaxCustomAttributes = 50;

    public Task<UserPoolResponse> CreateUserPool(CreateUserPoolRequest request, CancellationToken ct) =>
        CreateUserPool(request, Ids.NewUserPoolId(context.Region(options)), ct);

    /// <summary>CreateUserPool with a chosen id (the seed file fixes ids so test suites can hard-code them).</summary>
    internal async Task<UserPoolResponse> CreateUserPool(CreateUserPoolRequest request, string id, CancellationToken ct)
    {
        if (request.AliasAttributes is { Count: > 0 } && request.UsernameAttributes is { Count: > 0 })
            throw Errors.InvalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
        CheckTags(request.UserPoolTags);
        CheckCustomSenders(request.LambdaConfig);

        var schema = StandardAttributes.All.ToList();
        foreach (var attribute in request.Schema ?? [])
        {
            var name = attribute.Name ?? throw Errors.InvalidParameter("Schema attributes must have a Name.");
            var standard = schema.FindIndex(a => a.Name == name);
            if (standard >= 0)
            {
                if (name == "sub") throw Errors.InvalidParameter("sub: The attribute sub cannot be modified.");
                if (attribute.AttributeDataType is { } type && type != schema[standard].AttributeDataType || attribute.DeveloperOnlyAttribute == true)
                    throw Errors.InvalidParameter($"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}");
                CheckConstraints(name, schema[standard].AttributeDataType!, attribute);
                schema[standard] = schema[standard] with
                {
                    Required = attribute.Required ?? schema[standard].Required,
                    Mutable = attribute.Mutable ?? schema[standard].Mutable,
                    StringAttributeConstraints = attribute.StringAttributeConstraints ?? schema[standard].StringAttributeConstraints,
                    NumberAttributeConstraints = attribute.NumberAttributeConstraints ?? schema[standard].NumberAttributeConstraints,
                };
            }
            else
            {
                AddCustomAttribute(schema, attribute);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var pool = new UserPool
        {
            Id = id,
            Name = request.PoolName!,
            CreatedAt = now,
            ModifiedAt = now,
            Settings = ApplyMutableSettings(new UserPoolSettings
            {
                SchemaAttributes = schema,
                AliasAttributes = request.AliasAttributes,
                UsernameAttributes = request.UsernameAttributes,
                UsernameConfiguration = request.UsernameConfiguration ?? new UsernameConfigurationType { CaseSensitive = false },
            }, request, keepTags: false).ToStored(),
        };
        db.UserPools.Add(pool);
        await db.SaveChangesAsync(ct);
        return new UserPoolResponse(Describe(pool, estimatedUsers: 0));
    }

    public async Task<UserPoolResponse> DescribeUserPool(UserPoolIdRequest request, CancellationToken ct)
    {
        var pool = await FindPool(request.UserPoolId!, ct);
        var users = await db.Users.CountAsync(u => u.UserPoolId == pool.Id, ct);
        var domains = await db.UserPoolDomains.AsNoTracking().Where(d => d.UserPoolId == pool.Id).ToListAsync(ct);
        return new UserPoolResponse(Describe(pool, users) with
        {
            Domain = domains.FirstOrDefault(d => !d.IsCustom)?.Domain,
            CustomDomain = domains.FirstOrDefault(d => d.IsCustom)?.Domain,
        });
    }

    /// <summary>As on AWS, settings the request leaves out return to their defaults; what was fixed at creation stays.</summary>
    public async Task<Empty> UpdateUserPool(UpdateUserPoolRequest request, CancellationToken ct)
    {
        var pool = await FindPool(request.UserPoolId!, ct);
        await CheckNoImportRunning(pool.Id, ct);
        CheckTags(request.UserPoolTags);
        CheckCustomSenders(request.LambdaConfig);
        var current = pool.Settings.ToWire();
        pool.Settings = ApplyMutableSettings(new UserPoolSettings
        {
            SchemaAttributes = current.SchemaAttributes,
            AliasAttributes = current.AliasAttributes,
            UsernameAttributes = current.UsernameAttributes,
            UsernameConfiguration = current.UsernameConfiguration,
            UserPoolTags = current.UserPoolTags,
            SoftwareTokenMfaConfiguration = current.SoftwareTokenMfaConfiguration,
            EmailMfaConfiguration = current.EmailMfaConfiguration,
            WebAuthnConfiguration = current.WebAuthnConfiguration,
            UserPoolTier = current.UserPoolTier,
        }, request, keepTags: true).ToStored();
        if (request.PoolName is not null) pool.Name = request.PoolName;
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await Save(ct);
        return Empty.Value;
    }

    public async Task<Empty> DeleteUserPool(UserPoolIdRequest request, CancellationToken ct)
    {
        var pool = await FindPool(request.UserPoolId!, ct);
        if (pool.Settings.DeletionProtection == "ACTIVE")
            throw Errors.InvalidParameter("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
        await CheckNoImportRunning(pool.Id, ct);
        db.UserPools.Remove(pool);
        await Save(ct);
        keyCache.Forget(pool.Id);
        return Empty.Value;
    }

    public async Task<ListUserPoolsResponse> ListUserPools(ListUserPoolsRequest request, CancellationToken ct)
    {
        var after = PageToken.Decode(request.NextToken);
        var query = db.UserPools.AsNoTracking().OrderBy(p => p.Id).AsQueryable();
        if (after is not null) query = query.Where(p => string.Compare(p.Id, after) > 0);
        var (page, next) = PageToken.Cut(await query.Take(request.MaxResults!.Value + 1).ToListAsync(ct), request.MaxResults.Value, p => p.Id);
        return new ListUserPoolsResponse(
            page.Select(p => new UserPoolDescriptionType(p.Id, p.Name, p.Settings.LambdaConfig.ToWire(), Utc(p.ModifiedAt), Utc(p.CreatedAt))).ToList(),
            next);
    }

    public async Task<Empty> AddCustomAttributes(AddCustomAttributesRequest request, CancellationToken ct)
    {
        var pool = await FindPool(request.UserPoolId!, ct);
        await CheckNoImportRunning(pool.Id, ct);
        var schema = pool.Settings.SchemaAttributes.Select(a => a.ToWire()).ToList();
        foreach (var attribute in request.CustomAttributes!) AddCustomAttribute(schema, attribute);
        pool.Settings = pool.Settings with { SchemaAttributes = schema.Select(a => a.ToStored()).ToList() };
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await Save(ct);
        return Empty.Value;
    }

    public async Task<UserPoolMfaConfig> GetUserPoolMfaConfig(UserPoolIdRequest request, CancellationToken ct) =>
        MfaConfigOf((await FindPool(request.UserPoolId!, ct)).Settings.ToWire());

    public async Task<UserPoolMfaConfig> SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest request, CancellationToken ct)
    {
        var pool = await FindPool(request.UserPoolId!, ct);
        var settings = pool.Settings.ToWire();
        var smsEnabled = request.SmsMfaConfiguration is not null;
        var totpEnabled = request.SoftwareTokenMfaConfiguration?.Enabled == true;
        var emailEnabled = request.EmailMfaConfiguration is not null;
        var mode = request.MfaConfiguration ?? settings.MfaConfiguration;
        if (mode is "ON" or "OPTIONAL" && !smsEnabled && !totpEnabled && !emailEnabled)
            throw Errors.InvalidParameter("Invalid MFA configuration given, can't turn off all MFA types when MFA is required or optional.");
        if (emailEnabled && settings.UserPoolTier == "LITE")
            throw Errors.FeatureUnavailableInTier("Email MFA is not available in the LITE tier.");
        if (request.WebAuthnConfiguration is not null && settings.UserPoolTier == "LITE")
            throw Errors.FeatureUnavailableInTier("Passkeys (WebAuthnConfiguration) are not available in the LITE tier.");
        CheckPasskeysWithMfa(mode, settings.Policies.SignInPolicy, request.WebAuthnConfiguration ?? settings.WebAuthnConfiguration);
        pool.Settings = (settings with
        {
            MfaConfiguration = mode,
            SmsAuthenticationMessage = request.SmsMfaConfiguration?.SmsAuthenticationMessage,
            SmsConfiguration = request.SmsMfaConfiguration?.SmsConfiguration ?? (smsEnabled ? settings.SmsConfiguration : null),
            SoftwareTokenMfaConfiguration = request.SoftwareTokenMfaConfiguration,
            EmailMfaConfiguration = request.EmailMfaConfiguration,
            WebAuthnConfiguration = request.WebAuthnConfiguration ?? settings.WebAuthnConfiguration,
        }).ToStored();
        pool.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await Save(ct);
        return MfaConfigOf(pool.Settings.ToWire());
    }

    public async Task<Empty> TagResource(TagResourceRequest request, CancellationToken ct)
    {
        CheckTags(request.Tags);
        var pool = await FindPoolByArn(request.ResourceArn!, ct);
        var tags = new Dictionary<string, string>(pool.Settings.UserPoolTags);
        foreach (var (key, value) in request.Tags!) tags[key] = value;
        if (tags.Count > 50) throw Errors.InvalidParameter("A user pool can have at most 50 tags.");
        pool.Settings = pool.Settings with { UserPoolTags = tags };
        await Save(ct);
        return Empty.Value;
    }

    public async Task<Empty> UntagResource(UntagResourceRequest request, CancellationToken ct)
    {
        var pool = await FindPoolByArn(request.ResourceArn!, ct);
        var tags = new Dictionary<string, string>(pool.Settings.UserPoolTags);
        foreach (var key in request.TagKeys!) tags.Remove(key);
        pool.Settings = pool.Settings with { UserPoolTags = tags };
        await Save(ct);
        return Empty.Value;
    }

    public async Task<ListTagsForResourceResponse> ListTagsForResource(ResourceArnRequest request, CancellationToken ct) =>
        new((await FindPoolByArn(request.ResourceArn!, ct)).Settings.UserPoolTags);

    /// <summary>Saves a change to an existing pool; the user-facing flows' cached copies are dropped.</summary>
    private async Task Save(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        cache.Forget();
    }

    internal async Task<UserPool> FindPool(string userPoolId, CancellationToken ct) =>
        await db.UserPools.FirstOrDefaultAsync(p => p.Id == userPoolId, ct)
        ?? throw Errors.UserPoolNotFound(userPoolId);

    private async Task<UserPool> FindPoolByArn(string arn, CancellationToken ct)
    {
        var match = PoolArn().Match(arn);
        var pool = match.Success && match.Groups["region"].Value == Ids.RegionOf(match.Groups["id"].Value) && match.Groups["account"].Value == options.AccountId
            ? await db.UserPools.FirstOrDefaultAsync(p => p.Id == match.Groups["id"].Value, ct)
            : null;
        return pool ?? throw Errors.ResourceNotFound($"Resource {arn} does not exist.");
    }

    private UserPoolType Describe(UserPool pool, int estimatedUsers)
    {
        var s = pool.Settings.ToWire();
        return new UserPoolType
        {
            Id = pool.Id,
            Name = pool.Name,
            Policies = s.Policies,
            DeletionProtection = s.DeletionProtection,
            LambdaConfig = s.LambdaConfig,
            LastModifiedDate = Utc(pool.ModifiedAt),
            CreationDate = Utc(pool.CreatedAt),
            SchemaAttributes = s.SchemaAttributes,
            AutoVerifiedAttributes = s.AutoVerifiedAttributes,
            AliasAttributes = s.AliasAttributes,
            UsernameAttributes = s.UsernameAttributes,
            SmsVerificationMessage = s.SmsVerificationMessage,
            EmailVerificationMessage = s.EmailVerificationMessage,
            EmailVerificationSubject = s.EmailVerificationSubject,
            VerificationMessageTemplate = s.VerificationMessageTemplate,
            SmsAuthenticationMessage = s.SmsAuthenticationMessage,
            UserAttributeUpdateSettings = s.UserAttributeUpdateSettings,
            MfaConfiguration = s.MfaConfiguration,
            DeviceConfiguration = s.DeviceConfiguration,
            EstimatedNumberOfUsers = estimatedUsers,
            EmailConfiguration = s.EmailConfiguration,
            SmsConfiguration = s.SmsConfiguration,
            UserPoolTags = s.UserPoolTags,
            AdminCreateUserConfig = s.AdminCreateUserConfig,
            UserPoolAddOns = s.UserPoolAddOns,
            UsernameConfiguration = s.UsernameConfiguration,
            Arn = Ids.UserPoolArn(options, pool.Id),
            AccountRecoverySetting = s.AccountRecoverySetting,
            UserPoolTier = s.UserPoolTier,
        };
    }

    /// <summary>
    /// Cognito encrypts the codes it gives custom senders with AWS KMS, which CognitoLite does not have: production mode
    /// refuses them rather than send codes in the clear (development mode sends them base64-encoded, see the README).
    /// </summary>
    private void CheckCustomSenders(LambdaConfigType? config)
    {
        if (!options.Production || config is null) return;
        if (config.CustomEmailSender is not null) throw Errors.CustomSenderNeedsKms("CustomEmailSender");
        if (config.CustomSMSSender is not null) throw Errors.CustomSenderNeedsKms("CustomSMSSender");
    }

    /// <summary>The settings CreateUserPool and UpdateUserPool both take, with AWS's defaults for what is absent.</summary>
    private static UserPoolSettings ApplyMutableSettings(UserPoolSettings fixedPart, UserPoolRequestBase request, bool keepTags)
    {
        var given = request.Policies?.PasswordPolicy;
        var passwordPolicy = new PasswordPolicyType
        {
            MinimumLength = given?.MinimumLength ?? 8,
            RequireUppercase = given?.RequireUppercase ?? (given is null),
            RequireLowercase = given?.RequireLowercase ?? (given is null),
            RequireNumbers = given?.RequireNumbers ?? (given is null),
            RequireSymbols = given?.RequireSymbols ?? (given is null),
            PasswordHistorySize = given?.PasswordHistorySize,
            TemporaryPasswordValidityDays = given?.TemporaryPasswordValidityDays is null or 0 ? 7 : given.TemporaryPasswordValidityDays,
        };
        // UpdateUserPool keeps the tier it is not given, unlike the other settings.
        var tier = request.UserPoolTier ?? fixedPart.UserPoolTier;
        if (passwordPolicy.PasswordHistorySize > 0 && tier == "LITE")
            throw Errors.FeatureUnavailableInTier("Password history is not available in the LITE tier.");
        if (request.Policies?.SignInPolicy?.AllowedFirstAuthFactors?.Any(factor => factor != "PASSWORD") == true && tier == "LITE")
            throw Errors.FeatureUnavailableInTier("Passwordless sign-in (AllowedFirstAuthFactors other than PASSWORD) is not available in the LITE tier.");
        if (request.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion is "V2_0" or "V3_0" && tier == "LITE")
            throw Errors.FeatureUnavailableInTier("Access token customization (pre token generation V2_0 or V3_0) is not available in the LITE tier.");
        if (request.UserPoolAddOns?.AdvancedSecurityMode is "AUDIT" or "ENFORCED" && tier != "PLUS")
            throw Errors.FeatureUnavailableInTier($"Threat protection is not available in the {tier} tier.");
        CheckRecovery(request.AccountRecoverySetting);
        CheckPasskeysWithMfa(request.MfaConfiguration, request.Policies?.SignInPolicy, fixedPart.WebAuthnConfiguration);

        var adminCreate = request.AdminCreateUserConfig;
        var template = request.VerificationMessageTemplate ?? new VerificationMessageTemplateType();
        return fixedPart with
        {
            Policies = new UserPoolPolicyType
            {
                PasswordPolicy = passwordPolicy,
                SignInPolicy = request.Policies?.SignInPolicy ?? new SignInPolicyType { AllowedFirstAuthFactors = ["PASSWORD"] },
            },
            DeletionProtection = request.DeletionProtection ?? "INACTIVE",
            LambdaConfig = request.LambdaConfig ?? new LambdaConfigType(),
            AutoVerifiedAttributes = request.AutoVerifiedAttributes,
            SmsVerificationMessage = request.SmsVerificationMessage ?? template.SmsMessage,
            EmailVerificationMessage = request.EmailVerificationMessage ?? template.EmailMessage,
            EmailVerificationSubject = request.EmailVerificationSubject ?? template.EmailSubject,
            VerificationMessageTemplate = template with
            {
                SmsMessage = template.SmsMessage ?? request.SmsVerificationMessage,
                EmailMessage = template.EmailMessage ?? request.EmailVerificationMessage,
                EmailSubject = template.EmailSubject ?? request.EmailVerificationSubject,
                DefaultEmailOption = template.DefaultEmailOption ?? "CONFIRM_WITH_CODE",
            },
            SmsAuthenticationMessage = request.SmsAuthenticationMessage,
            UserAttributeUpdateSettings = request.UserAttributeUpdateSettings
                ?? new UserAttributeUpdateSettingsType { AttributesRequireVerificationBeforeUpdate = [] },
            MfaConfiguration = request.MfaConfiguration ?? "OFF",
            DeviceConfiguration = request.DeviceConfiguration,
            EmailConfiguration = request.EmailConfiguration ?? new EmailConfigurationType { EmailSendingAccount = "COGNITO_DEFAULT" },
            SmsConfiguration = request.SmsConfiguration,
            UserPoolTags = request.UserPoolTags ?? (keepTags ? fixedPart.UserPoolTags : []),
            AdminCreateUserConfig = new AdminCreateUserConfigType
            {
                AllowAdminCreateUserOnly = adminCreate?.AllowAdminCreateUserOnly ?? false,
                UnusedAccountValidityDays = adminCreate?.UnusedAccountValidityDays ?? passwordPolicy.TemporaryPasswordValidityDays,
                InviteMessageTemplate = adminCreate?.InviteMessageTemplate,
            },
            UserPoolAddOns = request.UserPoolAddOns,
            AccountRecoverySetting = request.AccountRecoverySetting,
            UserPoolTier = tier,
        };
    }

    /// <summary>A running user import job reads the pool's schema and settings: they do not change under it (Import/).</summary>
    private async Task CheckNoImportRunning(string userPoolId, CancellationToken ct)
    {
        if (await db.UserImportJobs.AnyAsync(j => j.UserPoolId == userPoolId && UserImportJobStatus.Active.Contains(j.Status), ct))
            throw Errors.UserImportInProgress();
    }

    private static void AddCustomAttribute(List<SchemaAttributeType> schema, SchemaAttributeType attribute)
    {
        var bare = attribute.Name ?? throw Errors.InvalidParameter("Custom attributes must have a Name.");
        if (bare.StartsWith("dev:", StringComparison.Ordinal)) bare = bare["dev:".Length..];
        if (bare.StartsWith("custom:", StringComparison.Ordinal)) bare = bare["custom:".Length..];
        // As on AWS, a developer-only attribute is named dev:custom:<name>; the two forms share one name space.
        var name = (attribute.DeveloperOnlyAttribute == true ? "dev:custom:" : "custom:") + bare;
        if (schema.FirstOrDefault(a => a.Name == "custom:" + bare || a.Name == "dev:custom:" + bare) is { } existing)
            throw Errors.InvalidParameter($"custom:{bare}: Existing attribute already has name {existing.Name}.");
        var type = attribute.AttributeDataType
            ?? throw Errors.InvalidParameter("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
        if (attribute.Required == true)
            throw Errors.InvalidParameter("Required custom attributes are not supported currently.");
        CheckConstraints(name, type, attribute);
        if (schema.Count(a => a.Name!.StartsWith("custom:", StringComparison.Ordinal) || a.Name.StartsWith("dev:custom:", StringComparison.Ordinal)) >= MaxCustomAttributes)
            throw Errors.LimitExceeded($"A user pool can have at most {MaxCustomAttributes} custom attributes.");
        schema.Add(new SchemaAttributeType
        {
            Name = name,
            AttributeDataType = type,
            DeveloperOnlyAttribute = attribute.DeveloperOnlyAttribute ?? false,
            Mutable = attribute.Mutable ?? true,
            Required = false,
            StringAttributeConstraints = type == "String"
                ? attribute.StringAttributeConstraints ?? new StringAttributeConstraintsType()
                : null,
            NumberAttributeConstraints = type == "Number"
                ? attribute.NumberAttributeConstraints ?? new NumberAttributeConstraintsType()
                : null,
        });
    }

    /// <summary>The length or value limits of a String or Number attribute, with AWS's messages: whole numbers from 0, a String at most 2048 long, min not above max.</summary>
    private static void CheckConstraints(string name, string type, SchemaAttributeType attribute)
    {
        static long? Limit(string? given, string constraints, string name) =>
            string.IsNullOrEmpty(given) ? null
            : long.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
            : throw Errors.InvalidParameter($"Invalid {constraints} for schema attribute {name}");

        if (type == "String" && attribute.StringAttributeConstraints is { } text)
        {
            var min = Limit(text.MinLength, nameof(SchemaAttributeType.StringAttributeConstraints), name);
            var max = Limit(text.MaxLength, nameof(SchemaAttributeType.StringAttributeConstraints), name);
            if (min > 2048 || max > 2048) throw Errors.InvalidParameter($"user.{name}: String attributes cannot have a length of more than 2048");
            if (min > max) throw Errors.InvalidParameter($"user.{name}: Max length cannot be less than min length.");
        }
        if (type == "Number" && attribute.NumberAttributeConstraints is { } number)
        {
            var min = Limit(number.MinValue, nameof(SchemaAttributeType.NumberAttributeConstraints), name);
            var max = Limit(number.MaxValue, nameof(SchemaAttributeType.NumberAttributeConstraints), name);
            if (min > max) throw Errors.InvalidParameter($"user.{name}: Max value cannot be less than min value.");
        }
    }

    private static void CheckRecovery(AccountRecoverySettingType? setting)
    {
        var mechanisms = setting?.RecoveryMechanisms;
        if (mechanisms is null) return;
        if (mechanisms.Select(m => m.Priority).Distinct().Count() != mechanisms.Count ||
            mechanisms.Select(m => m.Name).Distinct().Count() != mechanisms.Count)
            throw Errors.InvalidParameter("AccountRecoverySetting: recovery mechanisms must have distinct names and priorities.");
        if (mechanisms.Count > 1 && mechanisms.Any(m => m.Name == "admin_only"))
            throw Errors.InvalidParameter("AccountRecoverySetting: admin_only cannot be combined with another recovery mechanism.");
    }

    /// <summary>A pool whose MFA is ON takes passkeys as a first factor only when a passkey with user verification counts as MFA.</summary>
    private static void CheckPasskeysWithMfa(string? mfa, SignInPolicyType? signIn, WebAuthnConfigurationType? webAuthn)
    {
        if (mfa == "ON" && signIn?.AllowedFirstAuthFactors?.Contains("WEB_AUTHN") == true && webAuthn?.FactorConfiguration != "MULTI_FACTOR_WITH_USER_VERIFICATION")
            throw Errors.InvalidParameter("WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.");
    }

    private static void CheckTags(Dictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? [])
        {
            if (key.Length is < 1 or > 128 || !TagKey().IsMatch(key))
                throw Errors.InvalidParameter($"Invalid tag key: '{key}'.");
            if (value.Length > 256)
                throw Errors.InvalidParameter($"Tag value for '{key}' is longer than 256 characters.");
        }
    }

    private static UserPoolMfaConfig MfaConfigOf(UserPoolSettings s) => new()
    {
        MfaConfiguration = s.MfaConfiguration,
        SmsMfaConfiguration = s.SmsConfiguration is null && s.SmsAuthenticationMessage is null
            ? null
            : new SmsMfaConfigType { SmsAuthenticationMessage = s.SmsAuthenticationMessage, SmsConfiguration = s.SmsConfiguration },
        SoftwareTokenMfaConfiguration = s.SoftwareTokenMfaConfiguration,
        EmailMfaConfiguration = s.EmailMfaConfiguration,
        WebAuthnConfiguration = s.WebAuthnConfiguration,
    };

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    [GeneratedRegex(@"^arn:aws:cognito-idp:(?<region>[a-z0-9-]+):(?<account>[0-9]{12}):userpool/(?<id>[\w-]+_[0-9a-zA-Z]+)$")]
    private static partial Regex PoolArn();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagKey();
}
