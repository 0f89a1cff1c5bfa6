using CognitoLite.Core.Storage;

namespace CognitoLite.Core.IdentityPools;

/// <summary>
/// An identity pool's settings between their wire records and Storage's document (Storage/StoredSettings.cs): member for
/// member, at the feature's boundary, where settings are written and described.
/// </summary>
internal static class IdentityPoolStorageMapping
{
    public static StoredIdentityPoolSettings ToStored(this IdentityPoolSettings wire) => new()
    {
        AllowUnauthenticatedIdentities = wire.AllowUnauthenticatedIdentities,
        AllowClassicFlow = wire.AllowClassicFlow,
        SupportedLoginProviders = wire.SupportedLoginProviders?.ToDictionary(),
        DeveloperProviderName = wire.DeveloperProviderName,
        OpenIdConnectProviderARNs = wire.OpenIdConnectProviderARNs?.ToList(),
        CognitoIdentityProviders = wire.CognitoIdentityProviders?.Select(e => e.ToStored()).ToList(),
        SamlProviderARNs = wire.SamlProviderARNs?.ToList(),
        IdentityPoolTags = wire.IdentityPoolTags?.ToDictionary(),
        Roles = wire.Roles?.ToDictionary(),
        RoleMappings = wire.RoleMappings?.ToDictionary(e => e.Key, e => e.Value.ToStored()),
        PrincipalTagAttributeMaps = wire.PrincipalTagAttributeMaps?.ToDictionary(e => e.Key, e => e.Value.ToStored()),
    };

    public static IdentityPoolSettings ToWire(this StoredIdentityPoolSettings stored) => new()
    {
        AllowUnauthenticatedIdentities = stored.AllowUnauthenticatedIdentities,
        AllowClassicFlow = stored.AllowClassicFlow,
        SupportedLoginProviders = stored.SupportedLoginProviders?.ToDictionary(),
        DeveloperProviderName = stored.DeveloperProviderName,
        OpenIdConnectProviderARNs = stored.OpenIdConnectProviderARNs?.ToList(),
        CognitoIdentityProviders = stored.CognitoIdentityProviders?.Select(e => e.ToWire()).ToList(),
        SamlProviderARNs = stored.SamlProviderARNs?.ToList(),
        IdentityPoolTags = stored.IdentityPoolTags?.ToDictionary(),
        Roles = stored.Roles?.ToDictionary(),
        RoleMappings = stored.RoleMappings?.ToDictionary(e => e.Key, e => e.Value.ToWire()),
        PrincipalTagAttributeMaps = stored.PrincipalTagAttributeMaps?.ToDictionary(e => e.Key, e => e.Value.ToWire()),
    };

    public static StoredCognitoIdentityProvider ToStored(this CognitoIdentityProvider wire) => new()
    {
        ProviderName = wire.ProviderName,
        ClientId = wire.ClientId,
        ServerSideTokenCheck = wire.ServerSideTokenCheck,
    };

    public static CognitoIdentityProvider ToWire(this StoredCognitoIdentityProvider stored) => new()
    {
        ProviderName = stored.ProviderName,
        ClientId = stored.ClientId,
        ServerSideTokenCheck = stored.ServerSideTokenCheck,
    };

    public static StoredRoleMapping ToStored(this RoleMapping wire) => new()
    {
        Type = wire.Type,
        AmbiguousRoleResolution = wire.AmbiguousRoleResolution,
        RulesConfiguration = wire.RulesConfiguration?.ToStored(),
    };

    public static RoleMapping ToWire(this StoredRoleMapping stored) => new()
    {
        Type = stored.Type,
        AmbiguousRoleResolution = stored.AmbiguousRoleResolution,
        RulesConfiguration = stored.RulesConfiguration?.ToWire(),
    };

    public static StoredRulesConfigurationType ToStored(this RulesConfigurationType wire) => new()
    {
        Rules = wire.Rules?.Select(e => e.ToStored()).ToList(),
    };

    public static RulesConfigurationType ToWire(this StoredRulesConfigurationType stored) => new()
    {
        Rules = stored.Rules?.Select(e => e.ToWire()).ToList(),
    };

    public static StoredMappingRule ToStored(this MappingRule wire) => new()
    {
        Claim = wire.Claim,
        MatchType = wire.MatchType,
        Value = wire.Value,
        RoleARN = wire.RoleARN,
    };

    public static MappingRule ToWire(this StoredMappingRule stored) => new()
    {
        Claim = stored.Claim,
        MatchType = stored.MatchType,
        Value = stored.Value,
        RoleARN = stored.RoleARN,
    };

    public static StoredPrincipalTagAttributeMap ToStored(this PrincipalTagAttributeMap wire) => new()
    {
        UseDefaults = wire.UseDefaults,
        PrincipalTags = wire.PrincipalTags?.ToDictionary(),
    };

    public static PrincipalTagAttributeMap ToWire(this StoredPrincipalTagAttributeMap stored) => new()
    {
        UseDefaults = stored.UseDefaults,
        PrincipalTags = stored.PrincipalTags?.ToDictionary(),
    };
}
