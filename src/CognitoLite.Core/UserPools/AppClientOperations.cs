using CognitoLite.Core.Api;

namespace CognitoLite.Core.UserPools;

public sealed record CreateUserPoolClientRequest : AppClientSettings
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.NamePattern)] public string? ClientName { get; init; }
    public bool? GenerateSecret { get; init; }
    [Sensitive, Length(24, 64), Pattern(@"[\w+]+")] public string? ClientSecret { get; init; }
}

public sealed record UpdateUserPoolClientRequest : AppClientSettings
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(1, 128), Pattern(Ids.NamePattern)] public string? ClientName { get; init; }
}

public sealed record UserPoolClientRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
}

public sealed record UserPoolClientResponse(UserPoolClientType UserPoolClient);

public sealed record ListUserPoolClientsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Range(1, 60)] public int? MaxResults { get; init; }
    [Length(1, 131072), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record ListUserPoolClientsResponse(List<UserPoolClientDescription> UserPoolClients, string? NextToken);
