using CognitoLite.Core.Api;
using CognitoLite.Core.Messages;

namespace CognitoLite.Core.Users;

public sealed record AttributeType
{
    [Required, Length(1, 32), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")] public string? Name { get; init; }
    [Length(0, 2048), Sensitive] public string? Value { get; init; }
}

/// <summary>Members shared by the unauthenticated, client-id based user operations.</summary>
public abstract record ClientRequest
{
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(1, 128), Pattern(@"[\w+=/]+"), Sensitive] public string? SecretHash { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
    public object? AnalyticsMetadata { get; init; }
    public object? UserContextData { get; init; }
}

public sealed record SignUpRequest : ClientRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Length(1, 256), Pattern(@"[\S]+.*[\S]+"), Sensitive] public string? Password { get; init; }
    public List<AttributeType>? UserAttributes { get; init; }
    public List<AttributeType>? ValidationData { get; init; }
}

public sealed record SignUpResponse(bool UserConfirmed, CodeDeliveryDetailsType? CodeDeliveryDetails, string UserSub);

public sealed record ConfirmSignUpRequest : ClientRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Required, Length(1, 2048), Pattern(@"[\S]+"), Sensitive] public string? ConfirmationCode { get; init; }
    public bool? ForceAliasCreation { get; init; }
    [Length(20, 2048)] public string? Session { get; init; }
}

public sealed record ResendConfirmationCodeRequest : ClientRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
}

public sealed record CodeDeliveryResponse(CodeDeliveryDetailsType? CodeDeliveryDetails);

public record AdminUserRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record AccessTokenRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
}

public sealed record GetUserResponse(string Username, List<AttributeType> UserAttributes, List<object>? MFAOptions, string? PreferredMfaSetting, List<string>? UserMFASettingList);
