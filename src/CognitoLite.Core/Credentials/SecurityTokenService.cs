using System.Globalization;
using System.Text.RegularExpressions;

namespace CognitoLite.Core.Credentials;

/// <summary>AssumeRoleWithWebIdentity's parameters as they arrive (Query protocol: all text, any may be missing).</summary>
public sealed record AssumeRoleWithWebIdentityRequest(
    string? RoleArn,
    string? RoleSessionName,
    string? WebIdentityToken,
    string? DurationSeconds,
    string? Policy,
    string? ProviderId,
    bool PolicyArns);

public sealed record AssumedRoleUser(string Arn, string AssumedRoleId);

public sealed record AssumeRoleWithWebIdentityResult(IssuedCredentials Credentials, AssumedRoleUser AssumedRoleUser, WebIdentity Identity);

public sealed record CallerIdentity(string UserId, string Account, string Arn);

/// <summary>STS, the part identity pools need (spec/protocol.md §4): AssumeRoleWithWebIdentity and GetCallerIdentity.</summary>
public sealed partial class SecurityTokenService(
    WebIdentities webIdentities,
    IamRoles roles,
    TemporaryCredentials credentials,
    CognitoOptions options)
{
    public async Task<AssumeRoleWithWebIdentityResult> AssumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest request, CancellationToken ct)
    {
        var roleArn = Required(request.RoleArn, "roleArn");
        Length(roleArn, "roleArn", 20, 2048);
        var sessionName = Required(request.RoleSessionName, "roleSessionName");
        Length(sessionName, "roleSessionName", 2, 64);
        if (!SessionNamePattern().IsMatch(sessionName))
            throw Invalid(sessionName, "roleSessionName", @"Member must satisfy regular expression pattern: [\w+=,.@-]*");
        var token = Required(request.WebIdentityToken, "webIdentityToken");
        Length(token, "webIdentityToken", 4, 20000);
        var duration = 3600;
        if (request.DurationSeconds is { } durationText)
        {
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration))
                throw Invalid(durationText, "durationSeconds", "Member must be a valid integer");
            if (duration < 900) throw Invalid(durationText, "durationSeconds", "Member must have value greater than or equal to 900");
            if (duration > 43200) throw Invalid(durationText, "durationSeconds", "Member must have value less than or equal to 43200");
        }
        if (request.Policy is { } policyText)
        {
            Length(policyText, "policy", 1, 2048);
            if (!PolicyTextPattern().IsMatch(policyText))
                throw Invalid(policyText, "policy", @"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+");
        }
        if (request.ProviderId is { } providerId) Length(providerId, "providerId", 4, 2048);
        // Managed policies live in IAM, which this server does not have; an inline Policy narrows a session instead.
        if (request.PolicyArns) throw Errors.StsInvalidParameterValue("PolicyArns are not supported: pass the session policy inline as Policy.");

        var role = roles.Find(roleArn) ?? throw Errors.StsValidation($"{roleArn} is invalid");
        if (duration > role.MaxSessionDuration.TotalSeconds)
            throw Errors.StsValidation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        var sessionPolicy = request.Policy is null ? null : Policy.Parse(request.Policy, "session", PolicyKind.Identity);

        var identity = await webIdentities.Verify(token, ct);
        if (role.TrustPolicy is { } trust)
        {
            var decision = PolicyEvaluator.Evaluate([trust],
                new PolicyRequest("sts:AssumeRoleWithWebIdentity", role.Arn, identity.ConditionKeys(), identity.Provider));
            if (!decision.Allowed) throw Errors.AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }

        var issued = await credentials.Issue(new CredentialSession
        {
            RoleArn = role.Arn,
            RoleSessionName = sessionName,
            Provider = identity.Provider,
            Subject = identity.Subject,
            Audience = identity.Audience,
            IdentityId = identity.IdentityId,
            Amr = identity.Amr,
            PrincipalTags = identity.PrincipalTags,
            SessionPolicy = request.Policy,
            Duration = TimeSpan.FromSeconds(duration),
        }, ct);
        return new AssumeRoleWithWebIdentityResult(issued, AssumedRole(role, sessionName), identity);
    }

    /// <summary>An assumed-role session's identity; for an account key, the account's root (what AWS answers for root keys).</summary>
    public CallerIdentity GetCallerIdentity(SignedCaller caller)
    {
        if (caller.Session is not { } session)
            return new CallerIdentity(options.AccountId, options.AccountId, $"arn:aws:iam::{options.AccountId}:root");
        var role = roles.Find(session.RoleArn) ?? throw Errors.IssuedForUnknownRole();
        var user = AssumedRole(role, session.RoleSessionName);
        return new CallerIdentity(user.AssumedRoleId, role.Account, user.Arn);
    }

    public static AssumedRoleUser AssumedRole(IamRole role, string sessionName) =>
        new($"arn:aws:sts::{role.Account}:assumed-role/{role.Name}/{sessionName}", $"{role.UniqueId}:{sessionName}");

    private static string Required(string? value, string member) =>
        value ?? throw Errors.StsValidation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    private static void Length(string value, string member, int min, int max)
    {
        if (value.Length < min) throw Invalid(value, member, $"Member must have length greater than or equal to {min}");
        if (value.Length > max) throw Invalid(value, member, $"Member must have length less than or equal to {max}");
    }

    // STS echoes the value, except secrets: a token or policy is not repeated back.
    private static CognitoException Invalid(string value, string member, string constraint) =>
        Errors.StsValidation($"1 validation error detected: Value '{(member is "webIdentityToken" or "policy" ? "***" : value)}' at '{member}' failed to satisfy constraint: {constraint}");

    // Java's \w, which AWS validates with, is ASCII only.
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]*$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$")]
    private static partial Regex PolicyTextPattern();
}
