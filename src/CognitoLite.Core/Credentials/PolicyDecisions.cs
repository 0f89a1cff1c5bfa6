using System.Globalization;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Credentials;

/// <summary>A question about one call: the IAM action, the resource ARN and the request's own condition keys.</summary>
public sealed record DecisionRequest(string Action, string Resource, IReadOnlyDictionary<string, IReadOnlyList<string>> Context);

/// <summary>
/// Decides whether a session of temporary credentials we issued may make a call, by the assumed role's policies as
/// configured now (and the session policy given when it was assumed), as IAM would for an AWS service.
/// </summary>
public sealed partial class PolicyDecisions(IamRoles roles, TimeProvider clock)
{
    private const int MaxContextKeys = 50;
    private const int MaxValuesPerKey = 100;
    private const int MaxValueLength = 1024;

    public PolicyDecision Decide(IssuedCredential session, DecisionRequest request)
    {
        if (!ActionPattern().IsMatch(request.Action))
            throw Errors.InvalidParameter("Action must be one IAM action, service:Operation (e.g. dynamodb:GetItem), without wildcards.");
        if (request.Resource.Length is 0 or > 2048)
            throw Errors.InvalidParameter("Resource must be an ARN of 1 to 2048 characters.");
        if (request.Context.Count > MaxContextKeys)
            throw Errors.InvalidParameter($"Context may hold at most {MaxContextKeys} keys.");

        var role = roles.Find(session.RoleArn) ?? throw Errors.IssuedForUnknownRole();
        var keys = SessionKeys(session, role);
        foreach (var (key, values) in request.Context)
        {
            if (key.Length is 0 or > 256 || values.Count > MaxValuesPerKey || values.Any(v => v.Length > MaxValueLength))
                throw Errors.InvalidParameter($"Context key '{key}' must be 1 to 256 characters with at most {MaxValuesPerKey} values of at most {MaxValueLength} characters.");
            // What the credentials say about the caller comes from the session, never from the question.
            if (keys.ContainsKey(key) || key.StartsWith(session.Provider + ":", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("aws:PrincipalTag/", StringComparison.OrdinalIgnoreCase))
                throw Errors.InvalidParameter($"Context key '{key}' describes the caller; it is taken from the credentials.");
            keys[key] = values;
        }

        var sessionPolicy = session.SessionPolicy is null ? null : Policy.Parse(session.SessionPolicy, "session", PolicyKind.Identity);
        return PolicyEvaluator.EvaluateSession(role.Policies, sessionPolicy, new PolicyRequest(request.Action, request.Resource, keys));
    }

    /// <summary>The keys IAM puts in the request context of a call made with a web identity session's credentials.</summary>
    private Dictionary<string, IReadOnlyList<string>> SessionKeys(IssuedCredential session, IamRole role)
    {
        var identity = new WebIdentity(session.Provider, session.Subject, session.Audience ?? "", session.IdentityId, session.Amr, session.PrincipalTags);
        var keys = identity.ConditionKeys();
        var now = clock.GetUtcNow();
        var user = SecurityTokenService.AssumedRole(role, session.RoleSessionName);
        keys["aws:userid"] = [user.AssumedRoleId];
        keys["aws:PrincipalArn"] = [role.Arn];
        keys["aws:PrincipalAccount"] = [role.Account];
        keys["aws:PrincipalType"] = ["AssumedRole"];
        keys["aws:TokenIssueTime"] = [Iso(new DateTimeOffset(DateTime.SpecifyKind(session.CreatedAt, DateTimeKind.Utc)))];
        keys["aws:CurrentTime"] = [Iso(now)];
        keys["aws:EpochTime"] = [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)];
        keys["aws:MultiFactorAuthPresent"] = ["false"];
        return keys;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9-]+:[A-Za-z0-9]+$")]
    private static partial Regex ActionPattern();
}
