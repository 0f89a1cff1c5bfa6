using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.IdentityPools;

/// <summary>
/// Which IAM role an identity's credentials are for (spec/identity-pools.md §5): guests get the unauthenticated role; a
/// signed-in identity gets the authenticated role unless its login's provider has a RoleMapping, Token (the ID token's
/// cognito:preferred_role / cognito:roles) or Rules (claims matched in order), with AmbiguousRoleResolution deciding when
/// nothing picks a role.
/// </summary>
public static class RoleResolver
{
    public const string Denied = "The ambiguous role mapping rules denied this request";

    public static string Resolve(StoredIdentityPoolSettings settings, IReadOnlyList<VerifiedLogin> logins, string? customRoleArn)
    {
        if (logins.Count == 0) return Role(settings, "unauthenticated");
        foreach (var login in logins)
        {
            // Keys are stored as given: a user pool may be named in AWS's form or by its issuer, as the login may be.
            var mapping = settings.RoleMappings?.FirstOrDefault(m => IdentityPoolService.MappingKey(settings, m.Key) == login.RoleMappingKey).Value;
            if (mapping is null) continue;
            var chosen = mapping.Type == "Token" ? FromToken(login.Claims, customRoleArn) : FromRules(mapping, login.Claims, customRoleArn);
            if (chosen is not null) return chosen;
            return mapping.AmbiguousRoleResolution == "Deny" ? throw Errors.NotAuthorized(Denied) : Role(settings, "authenticated");
        }
        return Role(settings, "authenticated");
    }

    private static string? FromToken(JsonObject claims, string? customRoleArn)
    {
        var roles = Values(claims["cognito:roles"]);
        if (customRoleArn is not null) return roles.Contains(customRoleArn) ? customRoleArn : throw Errors.NotAuthorized(Denied);
        if (Values(claims["cognito:preferred_role"]) is [var preferred]) return preferred;
        return roles.Count == 1 ? roles[0] : null;
    }

    private static string? FromRules(StoredRoleMapping mapping, JsonObject claims, string? customRoleArn)
    {
        var rules = mapping.RulesConfiguration?.Rules ?? [];
        if (customRoleArn is not null && rules.Any(r => r.RoleARN == customRoleArn && Matches(r, claims))) return customRoleArn;
        return rules.FirstOrDefault(r => Matches(r, claims))?.RoleARN;
    }

    /// <summary>A rule on an absent claim never matches; on an array claim (cognito:groups) any element may match.</summary>
    private static bool Matches(StoredMappingRule rule, JsonObject claims)
    {
        var values = Values(claims[rule.Claim!]);
        if (values.Count == 0) return false;
        return rule.MatchType switch
        {
            "Equals" => values.Any(v => v == rule.Value),
            "Contains" => values.Any(v => v.Contains(rule.Value!, StringComparison.Ordinal)),
            "StartsWith" => values.Any(v => v.StartsWith(rule.Value!, StringComparison.Ordinal)),
            "NotEqual" => values.All(v => v != rule.Value),
            _ => false,
        };
    }

    /// <summary>A claim as strings: a string, a number or boolean as written, or the elements of an array.</summary>
    private static List<string> Values(JsonNode? claim) => claim switch
    {
        JsonArray array => array.SelectMany(Values).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(string)value!],
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [value.ToJsonString()],
        _ => [],
    };

    private static string Role(StoredIdentityPoolSettings settings, string kind) =>
        settings.Roles?.GetValueOrDefault(kind) ?? throw Errors.InvalidIdentityPoolConfiguration();
}
