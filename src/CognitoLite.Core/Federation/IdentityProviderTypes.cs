using CognitoLite.Core.Api;

namespace CognitoLite.Core.Federation;

/// <summary>The ProviderType values, as AWS spells them.</summary>
public static class ProviderTypes
{
    public const string Saml = "SAML";
    public const string Oidc = "OIDC";
    public const string Google = "Google";
    public const string Facebook = "Facebook";
    public const string LoginWithAmazon = "LoginWithAmazon";
    public const string SignInWithApple = "SignInWithApple";

    public static bool IsSocial(string type) => type is Google or Facebook or LoginWithAmazon or SignInWithApple;

    /// <summary>The provider's claim a federated user's username is made of (`&lt;ProviderName&gt;_&lt;claim&gt;`); no mapping changes it.</summary>
    public static string UsernameClaim(string type) => type switch
    {
        Facebook => "id",
        LoginWithAmazon => "user_id",
        Saml => "NameID",
        _ => "sub",
    };
}

public sealed record CreateIdentityProviderRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 32), Pattern(IdentityProviderService.NewNamePattern)] public string? ProviderName { get; init; }
    [Required, OneOf(ProviderTypes.Saml, ProviderTypes.Facebook, ProviderTypes.Google, ProviderTypes.LoginWithAmazon, ProviderTypes.SignInWithApple, ProviderTypes.Oidc)]
    public string? ProviderType { get; init; }
    // Sensitive: it holds client secrets and private keys, which no validation message may echo.
    [Required, ElementLength(0, 131072), Sensitive] public Dictionary<string, string>? ProviderDetails { get; init; }
    [ElementLength(0, 131072)] public Dictionary<string, string>? AttributeMapping { get; init; }
    [Length(0, 50), ElementLength(1, 40), Pattern(IdentityProviderService.IdentifierPattern)] public List<string>? IdpIdentifiers { get; init; }
}

/// <summary>UpdateIdentityProvider: members left out keep their stored values; ProviderDetails, when given, replaces the whole map.</summary>
public sealed record UpdateIdentityProviderRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 32), Pattern(IdentityProviderService.NamePattern)] public string? ProviderName { get; init; }
    [ElementLength(0, 131072), Sensitive] public Dictionary<string, string>? ProviderDetails { get; init; }
    [ElementLength(0, 131072)] public Dictionary<string, string>? AttributeMapping { get; init; }
    [Length(0, 50), ElementLength(1, 40), Pattern(IdentityProviderService.IdentifierPattern)] public List<string>? IdpIdentifiers { get; init; }
}

/// <summary>DescribeIdentityProvider and DeleteIdentityProvider.</summary>
public sealed record IdentityProviderNameRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 32), Pattern(IdentityProviderService.NamePattern)] public string? ProviderName { get; init; }
}

public sealed record GetIdentityProviderByIdentifierRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 40), Pattern(IdentityProviderService.IdentifierPattern)] public string? IdpIdentifier { get; init; }
}

public sealed record ListIdentityProvidersRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Range(0, 60)] public int? MaxResults { get; init; }
    [Length(1, 131072), Pattern(@"[\S]+")] public string? NextToken { get; init; }
}

/// <param name="IdpIdentifiers">Always described; Create and Update return it only when the request gave it, as AWS does.</param>
public sealed record IdentityProviderType(
    string UserPoolId, string ProviderName, string ProviderType, Dictionary<string, string> ProviderDetails,
    Dictionary<string, string> AttributeMapping, List<string>? IdpIdentifiers, DateTimeOffset LastModifiedDate, DateTimeOffset CreationDate);

public sealed record IdentityProviderResponse(IdentityProviderType IdentityProvider);

public sealed record ProviderDescription(string ProviderName, string ProviderType, DateTimeOffset LastModifiedDate, DateTimeOffset CreationDate);

public sealed record ListIdentityProvidersResponse(List<ProviderDescription> Providers, string? NextToken);
