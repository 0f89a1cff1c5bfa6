using CognitoLite.Core.Api;

namespace CognitoLite.Core.IdentityPools;

// Requests and responses of the cognito-identity API (model 2014-06-30), with the model's constraints.

public static class IdentityIds
{
    public const string Pattern = @"[\w-]+:[0-9a-f-]+";
    public const string DeveloperProviderPattern = @"[\w._-]+";
}

public record IdentityPoolIdRequest
{
    [Required, Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityPoolId { get; init; }
}

/// <summary>CreateIdentityPool's members; UpdateIdentityPool adds the id.</summary>
public record CreateIdentityPoolRequest
{
    [Required, Length(1, 128), Pattern(Ids.NamePattern)] public string? IdentityPoolName { get; init; }
    [Required] public bool? AllowUnauthenticatedIdentities { get; init; }
    public bool? AllowClassicFlow { get; init; }
    [Length(0, 10), ElementLength(1, 128)] public Dictionary<string, string>? SupportedLoginProviders { get; init; }
    [Length(1, 128), Pattern(IdentityIds.DeveloperProviderPattern)] public string? DeveloperProviderName { get; init; }
    [ElementLength(20, 2048)] public List<string>? OpenIdConnectProviderARNs { get; init; }
    public List<CognitoIdentityProvider>? CognitoIdentityProviders { get; init; }
    [ElementLength(20, 2048)] public List<string>? SamlProviderARNs { get; init; }
    [ElementLength(0, 256)] public Dictionary<string, string>? IdentityPoolTags { get; init; }
}

public sealed record UpdateIdentityPoolRequest : CreateIdentityPoolRequest
{
    [Required, Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityPoolId { get; init; }
}

public sealed record IdentityPoolResponse(
    string IdentityPoolId,
    string IdentityPoolName,
    bool AllowUnauthenticatedIdentities,
    bool AllowClassicFlow,
    Dictionary<string, string>? SupportedLoginProviders,
    string? DeveloperProviderName,
    List<string>? OpenIdConnectProviderARNs,
    List<CognitoIdentityProvider>? CognitoIdentityProviders,
    List<string>? SamlProviderARNs,
    Dictionary<string, string>? IdentityPoolTags);

public sealed record ListIdentityPoolsRequest
{
    [Required, Range(1, 60)] public int? MaxResults { get; init; }
    [Length(1, 65535), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record IdentityPoolShortDescription(string IdentityPoolId, string IdentityPoolName);

public sealed record ListIdentityPoolsResponse(List<IdentityPoolShortDescription> IdentityPools, string? NextToken);

public sealed record SetIdentityPoolRolesRequest : IdentityPoolIdRequest
{
    [Required, Length(0, 2), ElementLength(20, 2048)] public Dictionary<string, string>? Roles { get; init; }
    [Length(0, 10)] public Dictionary<string, RoleMapping>? RoleMappings { get; init; }
}

public sealed record GetIdentityPoolRolesResponse(string IdentityPoolId, Dictionary<string, string>? Roles, Dictionary<string, RoleMapping>? RoleMappings);

public sealed record PrincipalTagAttributeMapRequest : IdentityPoolIdRequest
{
    [Required, Length(1, 128)] public string? IdentityProviderName { get; init; }
}

public sealed record SetPrincipalTagAttributeMapRequest : IdentityPoolIdRequest
{
    [Required, Length(1, 128)] public string? IdentityProviderName { get; init; }
    public bool? UseDefaults { get; init; }
    [Length(0, 50), ElementLength(1, 256)] public Dictionary<string, string>? PrincipalTags { get; init; }
}

public sealed record PrincipalTagAttributeMapResponse(string IdentityPoolId, string IdentityProviderName, bool UseDefaults, Dictionary<string, string> PrincipalTags);

public record IdentityResourceArnRequest
{
    [Required, Length(20, 2048)] public string? ResourceArn { get; init; }
}

public sealed record TagIdentityPoolRequest : IdentityResourceArnRequest
{
    [Required, ElementLength(0, 256)] public Dictionary<string, string>? Tags { get; init; }
}

public sealed record UntagIdentityPoolRequest : IdentityResourceArnRequest
{
    [Required, ElementLength(1, 128)] public List<string>? TagKeys { get; init; }
}

public sealed record IdentityPoolTagsResponse(Dictionary<string, string> Tags);

// Identities.

public sealed record GetIdRequest : IdentityPoolIdRequest
{
    [Length(1, 15), Pattern(@"\d+")] public string? AccountId { get; init; }
    [Length(0, 10), ElementLength(1, 50000), Sensitive] public Dictionary<string, string>? Logins { get; init; }
}

public sealed record GetIdResponse(string IdentityId);

public record IdentityIdRequest
{
    [Required, Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityId { get; init; }
}

public sealed record GetCredentialsForIdentityRequest : IdentityIdRequest
{
    [Length(0, 10), ElementLength(1, 50000), Sensitive] public Dictionary<string, string>? Logins { get; init; }
    [Length(20, 2048)] public string? CustomRoleArn { get; init; }
}

public sealed record Credentials(string AccessKeyId, string SecretKey, string SessionToken, DateTimeOffset Expiration);

public sealed record GetCredentialsForIdentityResponse(string IdentityId, Credentials Credentials);

public sealed record GetOpenIdTokenRequest : IdentityIdRequest
{
    [Length(0, 10), ElementLength(1, 50000), Sensitive] public Dictionary<string, string>? Logins { get; init; }
}

public sealed record OpenIdTokenResponse(string IdentityId, string Token);

public sealed record GetOpenIdTokenForDeveloperIdentityRequest : IdentityPoolIdRequest
{
    [Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityId { get; init; }
    [Required, Length(0, 10), ElementLength(1, 50000), Sensitive] public Dictionary<string, string>? Logins { get; init; }
    [Length(0, 50), ElementLength(1, 256)] public Dictionary<string, string>? PrincipalTags { get; init; }
    [Range(1, 86400)] public long? TokenDuration { get; init; }
}

public sealed record LookupDeveloperIdentityRequest : IdentityPoolIdRequest
{
    [Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityId { get; init; }
    [Length(1, 1024)] public string? DeveloperUserIdentifier { get; init; }
    [Range(1, 60)] public int? MaxResults { get; init; }
    [Length(1, 65535), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record LookupDeveloperIdentityResponse(string IdentityId, List<string> DeveloperUserIdentifierList, string? NextToken);

public sealed record MergeDeveloperIdentitiesRequest : IdentityPoolIdRequest
{
    [Required, Length(1, 1024)] public string? SourceUserIdentifier { get; init; }
    [Required, Length(1, 1024)] public string? DestinationUserIdentifier { get; init; }
    [Required, Length(1, 128), Pattern(IdentityIds.DeveloperProviderPattern)] public string? DeveloperProviderName { get; init; }
}

public sealed record UnlinkDeveloperIdentityRequest : IdentityIdRequest
{
    [Required, Length(1, 55), Pattern(IdentityIds.Pattern)] public string? IdentityPoolId { get; init; }
    [Required, Length(1, 128), Pattern(IdentityIds.DeveloperProviderPattern)] public string? DeveloperProviderName { get; init; }
    [Required, Length(1, 1024)] public string? DeveloperUserIdentifier { get; init; }
}

public sealed record UnlinkIdentityRequest : IdentityIdRequest
{
    [Required, Length(0, 10), ElementLength(1, 50000), Sensitive] public Dictionary<string, string>? Logins { get; init; }
    [Required, ElementLength(1, 128)] public List<string>? LoginsToRemove { get; init; }
}

public sealed record ListIdentitiesRequest : IdentityPoolIdRequest
{
    [Required, Range(1, 60)] public int? MaxResults { get; init; }
    [Length(1, 65535), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
    public bool? HideDisabled { get; init; }
}

public sealed record IdentityDescription(string IdentityId, List<string> Logins, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate);

public sealed record ListIdentitiesResponse(string IdentityPoolId, List<IdentityDescription> Identities, string? NextToken);

public sealed record DeleteIdentitiesRequest
{
    [Required, Length(1, 60), ElementLength(1, 55), Pattern(IdentityIds.Pattern)] public List<string>? IdentityIdsToDelete { get; init; }
}

public sealed record UnprocessedIdentityId(string IdentityId, string ErrorCode);

public sealed record DeleteIdentitiesResponse(List<UnprocessedIdentityId> UnprocessedIdentityIds);
