using System.Text.Json.Nodes;

namespace CognitoLite.Core.Triggers;

/// <summary>The user's groups as the tokens carry them: cognito:groups, cognito:roles and cognito:preferred_role.</summary>
public sealed record GroupConfiguration(IReadOnlyList<string> Groups, IReadOnlyList<string> IamRoles, string? PreferredRole);

/// <summary>
/// What a pre token generation answer changes in the tokens about to be signed (spec/user-pools.md §11). Version 1
/// answers (claimsOverrideDetails) change the id token, with string claims; version 2 answers
/// (claimsAndScopeOverrideDetails) change both tokens, with any JSON claim value, and the access token's scopes. Both may
/// replace the groups of both tokens (groupOverrideDetails: present, even null, replaces them; absent keeps them). A claim
/// both added and suppressed is suppressed. The claims that make a token what it is cannot be touched: Cognito ignores
/// them, and so does this.
/// </summary>
public sealed class TokenCustomization
{
    private static readonly HashSet<string> IdReserved =
    [
        "acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat", "identities", "iss", "jti", "nbf",
        "nonce", "origin_jti", "sub", "token_use",
        // Groups change through groupOverrideDetails only.
        "cognito:groups", "cognito:roles", "cognito:preferred_role",
    ];

    private static readonly HashSet<string> AccessReserved = [.. IdReserved, "client_id", "scope", "username"];

    private readonly JsonObject idClaims = [];
    private readonly JsonObject accessClaims = [];
    private readonly List<string> idSuppressed = [];
    private readonly List<string> accessSuppressed = [];
    private readonly List<string> scopesToAdd = [];
    private readonly List<string> scopesToSuppress = [];
    private GroupConfiguration? groups;

    /// <summary>A version 1 answer; a <see cref="FormatException"/> says what is ill-shaped.</summary>
    internal static TokenCustomization FromV1(JsonObject response, Action<string> ignored)
    {
        var customization = new TokenCustomization();
        if (Object(response, "claimsOverrideDetails") is not { } details) return customization;
        foreach (var (name, value) in Object(details, "claimsToAddOrOverride") ?? [])
        {
            if (value is not JsonValue text || !text.TryGetValue<string>(out _))
                throw new FormatException($"claimsOverrideDetails.claimsToAddOrOverride.{name} is not a string");
            Add(customization.idClaims, IdReserved, name, value, ignored);
        }
        Suppress(customization.idSuppressed, IdReserved, Strings(details, "claimsToSuppress"), ignored);
        customization.ReadGroups(details);
        return customization;
    }

    /// <summary>A version 2 (or 3) answer; a <see cref="FormatException"/> says what is ill-shaped.</summary>
    internal static TokenCustomization FromV2(JsonObject response, Action<string> ignored)
    {
        var customization = new TokenCustomization();
        if (Object(response, "claimsAndScopeOverrideDetails") is not { } details) return customization;
        if (Object(details, "idTokenGeneration") is { } id)
        {
            foreach (var (name, value) in Object(id, "claimsToAddOrOverride") ?? [])
                Add(customization.idClaims, IdReserved, name, value ?? throw new FormatException($"idTokenGeneration.claimsToAddOrOverride.{name} is null"), ignored);
            Suppress(customization.idSuppressed, IdReserved, Strings(id, "claimsToSuppress"), ignored);
        }
        if (Object(details, "accessTokenGeneration") is { } access)
        {
            foreach (var (name, value) in Object(access, "claimsToAddOrOverride") ?? [])
                Add(customization.accessClaims, AccessReserved, name, value ?? throw new FormatException($"accessTokenGeneration.claimsToAddOrOverride.{name} is null"), ignored);
            Suppress(customization.accessSuppressed, AccessReserved, Strings(access, "claimsToSuppress"), ignored);
            customization.scopesToAdd.AddRange(Scopes(access, "scopesToAdd"));
            customization.scopesToSuppress.AddRange(Scopes(access, "scopesToSuppress"));
        }
        customization.ReadGroups(details);
        return customization;
    }

    /// <summary>Changes the claims of the id token and the access token (with its space-separated scope claim).</summary>
    public void ApplyTo(JsonObject id, JsonObject access)
    {
        if (groups is not null)
        {
            foreach (var claim in new[] { "cognito:groups", "cognito:roles", "cognito:preferred_role" }) id.Remove(claim);
            access.Remove("cognito:groups");
            if (groups.Groups.Count > 0)
            {
                id["cognito:groups"] = Array(groups.Groups);
                access["cognito:groups"] = Array(groups.Groups);
            }
            if (groups.IamRoles.Count > 0) id["cognito:roles"] = Array(groups.IamRoles);
            if (groups.PreferredRole is not null) id["cognito:preferred_role"] = groups.PreferredRole;
        }
        foreach (var (name, value) in idClaims) id[name] = value!.DeepClone();
        foreach (var (name, value) in accessClaims) access[name] = value!.DeepClone();
        foreach (var name in idSuppressed) id.Remove(name);
        foreach (var name in accessSuppressed) access.Remove(name);
        if (scopesToAdd.Count + scopesToSuppress.Count == 0) return;
        var scopes = ((string?)access["scope"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Union(scopesToAdd).Except(scopesToSuppress).ToList();
        if (scopes.Count > 0) access["scope"] = string.Join(' ', scopes);
        else access.Remove("scope");
    }

    private void ReadGroups(JsonObject details)
    {
        if (!details.ContainsKey("groupOverrideDetails")) return;
        var given = Object(details, "groupOverrideDetails");
        groups = new GroupConfiguration(
            given is null ? [] : Strings(given, "groupsToOverride"),
            given is null ? [] : Strings(given, "iamRolesToOverride"),
            given?["preferredRole"] switch
            {
                null => null,
                JsonValue value when value.TryGetValue<string>(out var role) => role,
                _ => throw new FormatException("groupOverrideDetails.preferredRole is not a string"),
            });
    }

    private static void Add(JsonObject claims, HashSet<string> reserved, string name, JsonNode value, Action<string> ignored)
    {
        if (reserved.Contains(name)) ignored(name);
        else claims[name] = value.DeepClone();
    }

    private static void Suppress(List<string> suppressed, HashSet<string> reserved, IEnumerable<string> names, Action<string> ignored)
    {
        foreach (var name in names)
        {
            if (reserved.Contains(name)) ignored(name);
            else suppressed.Add(name);
        }
    }

    /// <summary>A scope is one token of the space-separated scope claim: one with a blank in it cannot be one.</summary>
    private static List<string> Scopes(JsonObject parent, string name)
    {
        var scopes = Strings(parent, name);
        return scopes.Any(s => s.Length == 0 || s.Any(char.IsWhiteSpace)) ? throw new FormatException($"{name} holds a scope with a blank") : scopes;
    }

    /// <summary>A member that must be an object: null when absent or null.</summary>
    private static JsonObject? Object(JsonObject parent, string name) => parent[name] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw new FormatException($"{name} is not an object"),
    };

    /// <summary>A member that must be an array of strings: empty when absent or null.</summary>
    private static List<string> Strings(JsonObject parent, string name) => parent[name] switch
    {
        null => [],
        JsonArray values => values.Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"{name} holds a non-string")).ToList(),
        _ => throw new FormatException($"{name} is not an array"),
    };

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
