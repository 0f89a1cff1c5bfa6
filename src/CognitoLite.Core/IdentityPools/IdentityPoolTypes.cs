using CognitoLite.Core.Api;

namespace CognitoLite.Core.IdentityPools;

// Shapes of the cognito-identity API model (2014-06-30) that an identity pool's configuration is made of.
// Member names are the wire names. A pool's whole configuration is one IdentityPoolSettings document.

public sealed record CognitoIdentityProvider
{
    [Length(1, 128), Pattern(@"[\w._:/-]+")] public string? ProviderName { get; init; }
    [Length(1, 128), Pattern(@"[\w_]+")] public string? ClientId { get; init; }
    public bool? ServerSideTokenCheck { get; init; }
}

public sealed record MappingRule
{
    [Required, Length(1, 64)] public string? Claim { get; init; }
    [Required, OneOf("Equals", "Contains", "StartsWith", "NotEqual")] public string? MatchType { get; init; }
    [Required, Length(1, 128)] public string? Value { get; init; }
    [Required, Length(20, 2048)] public string? RoleARN { get; init; }
}

public sealed record RulesConfigurationType
{
    [Required, Length(1, 25)] public List<MappingRule>? Rules { get; init; }
}

public sealed record RoleMapping
{
    [Required, OneOf("Token", "Rules")] public string? Type { get; init; }
    [OneOf("AuthenticatedRole", "Deny")] public string? AmbiguousRoleResolution { get; init; }
    public RulesConfigurationType? RulesConfiguration { get; init; }
}

/// <summary>What SetPrincipalTagAttributeMap stored for one identity provider.</summary>
public sealed record PrincipalTagAttributeMap
{
    public bool UseDefaults { get; init; }
    public Dictionary<string, string>? PrincipalTags { get; init; }
}

/// <summary>Everything an identity pool is configured with, stored as one JSON document.</summary>
public sealed record IdentityPoolSettings
{
    public bool AllowUnauthenticatedIdentities { get; init; }
    public bool AllowClassicFlow { get; init; }
    public Dictionary<string, string>? SupportedLoginProviders { get; init; }
    public string? DeveloperProviderName { get; init; }
    public List<string>? OpenIdConnectProviderARNs { get; init; }
    public List<CognitoIdentityProvider>? CognitoIdentityProviders { get; init; }
    public List<string>? SamlProviderARNs { get; init; }
    public Dictionary<string, string>? IdentityPoolTags { get; init; }
    /// <summary>"authenticated" / "unauthenticated" → role ARN (SetIdentityPoolRoles).</summary>
    public Dictionary<string, string>? Roles { get; init; }
    public Dictionary<string, RoleMapping>? RoleMappings { get; init; }
    /// <summary>Identity provider name → its principal-tag map.</summary>
    public Dictionary<string, PrincipalTagAttributeMap>? PrincipalTagAttributeMaps { get; init; }
}
