using System.Globalization;
using System.Text;

namespace CognitoLite.Core.Credentials;

/// <summary>
/// What is asked: the action, the resource, and the request context keys (session keys such as
/// `cognito-identity.amazonaws.com:sub` and `aws:PrincipalTag/x`, plus what the caller described). For trust policies,
/// the federated provider that vouched for the caller.
/// </summary>
public sealed record PolicyRequest(
    string Action,
    string Resource,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Keys,
    string? FederatedPrincipal = null);

public enum PolicyEffect { Allow, ExplicitDeny, ImplicitDeny }

/// <summary>The decision and the statement that made it (none for an implicit deny).</summary>
public sealed record PolicyDecision(PolicyEffect Effect, string? PolicyName = null, PolicyStatement? Statement = null)
{
    public bool Allowed => Effect == PolicyEffect.Allow;
}

/// <summary>
/// IAM's evaluation logic for one principal: an explicit Deny in any policy wins, otherwise an Allow is needed,
/// otherwise the request is implicitly denied. A policy variable with no (or more than one) value never matches, so
/// statements that need it fail closed. Condition keys are case-insensitive, as in IAM.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(IEnumerable<Policy> policies, PolicyRequest request)
    {
        PolicyDecision? allow = null;
        foreach (var policy in policies)
            foreach (var statement in policy.Statements)
            {
                if (!Applies(policy, statement, request)) continue;
                if (!statement.Allow) return new PolicyDecision(PolicyEffect.ExplicitDeny, policy.Name, statement);
                allow ??= new PolicyDecision(PolicyEffect.Allow, policy.Name, statement);
            }
        return allow ?? new PolicyDecision(PolicyEffect.ImplicitDeny);
    }

    /// <summary>
    /// A session's effective permissions: the role's policies intersected with the session policy, if one was given when
    /// the role was assumed. The decision names the role's statement that allowed, or whichever statement denied.
    /// </summary>
    public static PolicyDecision EvaluateSession(IEnumerable<Policy> rolePolicies, Policy? sessionPolicy, PolicyRequest request)
    {
        var role = Evaluate(rolePolicies, request);
        if (sessionPolicy is null || role.Effect == PolicyEffect.ExplicitDeny) return role;
        var session = Evaluate([sessionPolicy], request);
        return session.Effect switch
        {
            PolicyEffect.Allow => role,
            PolicyEffect.ExplicitDeny => session,
            // The role allows but the session policy does not: the session policy is why.
            _ => role.Allowed ? new PolicyDecision(PolicyEffect.ImplicitDeny, sessionPolicy.Name) : role,
        };
    }

    private static bool Applies(Policy policy, PolicyStatement statement, PolicyRequest request)
    {
        var actionMatches = statement.Actions.Any(pattern => Like(pattern, request.Action, ignoreCase: true));
        if (actionMatches == statement.NotAction) return false;

        if (statement.Resources is { } resources)
        {
            var resourceMatches = resources.Any(pattern => Substitute(policy, pattern, request.Keys, wildcards: true) is { } regex
                && Like(regex, request.Resource, ignoreCase: false));
            if (resourceMatches == statement.NotResource) return false;
        }

        if (statement.Principal is { } principal && !PrincipalMatches(principal, request.FederatedPrincipal)) return false;

        return statement.Conditions.All(condition => Holds(policy, condition, request.Keys));
    }

    private static bool PrincipalMatches(IReadOnlyDictionary<string, IReadOnlyList<string>> principal, string? federated)
    {
        if (principal.TryGetValue("AWS", out var aws) && aws.Contains("*")) return true;
        return federated is not null && principal.TryGetValue("Federated", out var providers) && providers.Contains(federated);
    }

    private static bool Holds(Policy policy, PolicyCondition condition, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        var present = keys.TryGetValue(condition.Key, out var values) && values.Count > 0;
        if (condition.Operator == "Null")
            return condition.Values.Any(v => bool.Parse(v) != present);
        if (!present && condition.IfExists) return true;

        var negated = condition.Operator.Contains("Not", StringComparison.Ordinal);
        // Policy values may hold variables (String and Arn operators); one that does not resolve matches nothing.
        var expected = condition.Operator.StartsWith("String", StringComparison.Ordinal) || condition.Operator.StartsWith("Arn", StringComparison.Ordinal)
            ? condition.Values.Select(v => Substitute(policy, v, keys, wildcards: condition.Operator.Contains("Like", StringComparison.Ordinal))).OfType<string>().ToList()
            : condition.Values.ToList();

        // For one request value: does it satisfy the operator against the policy's values (any of them; for a negated
        // operator, none of them may match)?
        bool Satisfies(string actual)
        {
            var matchesAny = expected.Any(e => Matches(condition.Operator, actual, e));
            return negated ? !matchesAny : matchesAny;
        }

        return condition.Qualifier switch
        {
            "ForAllValues" => !present || values!.All(Satisfies),
            "ForAnyValue" => present && values!.Any(Satisfies),
            // A single-valued operator on an absent key: only the negated operators hold.
            _ => present ? (negated ? values!.All(Satisfies) : values!.Any(Satisfies)) : negated,
        };
    }

    /// <summary>The positive form of the operator (StringNotEquals compares as StringEquals; the caller negates).</summary>
    private static bool Matches(string op, string actual, string expected) => op switch
    {
        "StringEquals" or "StringNotEquals" or "ArnEquals" or "ArnNotEquals" => string.Equals(expected, actual, StringComparison.Ordinal),
        "StringEqualsIgnoreCase" or "StringNotEqualsIgnoreCase" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        "StringLike" or "StringNotLike" or "ArnLike" or "ArnNotLike" => Like(expected, actual, ignoreCase: false),
        "Bool" => bool.TryParse(actual, out var flag) && flag == bool.Parse(expected),
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
            decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && Compare(op["Numeric".Length..], a.CompareTo(e)),
        _ when op.StartsWith("Date", StringComparison.Ordinal) =>
            Date(actual) is { } at && Date(expected) is { } bound && Compare(op["Date".Length..], at.CompareTo(bound)),
        _ => false,
    };

    private static bool Compare(string relation, int order) => relation switch
    {
        "Equals" or "NotEquals" => order == 0,
        "LessThan" => order < 0,
        "LessThanEquals" => order <= 0,
        "GreaterThan" => order > 0,
        "GreaterThanEquals" => order >= 0,
        _ => false,
    };

    private static DateTimeOffset? Date(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date
        : null;

    // Substituted text is marked so that wildcards inside a variable's value stay literal: the result is a glob in which
    // \x00 escapes the next character.
    private const char Escape = '\0';

    /// <summary>
    /// Replaces `${key}` by the key's single value and `${*}`, `${?}`, `${$}` by the literal character; null when a
    /// variable has no single value. Documents older than 2012-10-17 have no variables: the text is taken as written.
    /// </summary>
    private static string? Substitute(Policy policy, string text, IReadOnlyDictionary<string, IReadOnlyList<string>> keys, bool wildcards)
    {
        if (!policy.Variables || !text.Contains("${", StringComparison.Ordinal)) return text;
        var builder = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf("${", at, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start);
            if (start < 0 || end < 0)
            {
                builder.Append(text, at, text.Length - at);
                break;
            }
            builder.Append(text, at, start - at);
            var name = text[(start + 2)..end].Trim();
            string? value = name is "*" or "?" or "$" ? name
                : keys.TryGetValue(name, out var values) && values.Count == 1 ? values[0]
                : null;
            if (value is null) return null;
            foreach (var c in value)
            {
                if (wildcards) builder.Append(Escape);
                builder.Append(c);
            }
            at = end + 1;
        }
        return builder.ToString();
    }

    /// <summary>
    /// IAM's glob: `*` any run of characters, `?` any one character, escaped characters (substituted values) literal.
    /// Greedy matching that remembers the last `*`: linear in practice, never exponential.
    /// </summary>
    private static bool Like(string pattern, string text, bool ignoreCase)
    {
        // Tokens: a character and whether it is a wildcard.
        var tokens = new List<(char C, bool Wild)>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == Escape && i + 1 < pattern.Length) tokens.Add((pattern[++i], false));
            else tokens.Add((pattern[i], pattern[i] is '*' or '?'));
        }
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && tokens[p] is { Wild: true, C: '*' })
            {
                star = p++;
                resume = t;
            }
            else if (p < tokens.Count && (tokens[p] is { Wild: true, C: '?' } || Same(tokens[p].C, text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < tokens.Count && tokens[p] is { Wild: true, C: '*' }) p++;
        return p == tokens.Count;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
