using CognitoLite.Core.Api;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Security;

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
    public UserContextDataType? UserContextData { get; init; }
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

public sealed record UserType(
    string Username,
    List<AttributeType> Attributes,
    DateTimeOffset UserCreateDate,
    DateTimeOffset UserLastModifiedDate,
    bool Enabled,
    string UserStatus,
    List<object>? MFAOptions = null);

public sealed record AdminCreateUserRequest : AdminUserRequest
{
    public List<AttributeType>? UserAttributes { get; init; }
    public List<AttributeType>? ValidationData { get; init; }
    [Length(6, 256), Pattern(@"[\S]+"), Sensitive] public string? TemporaryPassword { get; init; }
    public bool? ForceAliasCreation { get; init; }
    [OneOf("RESEND", "SUPPRESS")] public string? MessageAction { get; init; }
    [OneOf("SMS", "EMAIL")] public List<string>? DesiredDeliveryMediums { get; init; }
}

public sealed record AdminCreateUserResponse(UserType User);

public sealed record AdminGetUserResponse(
    string Username,
    List<AttributeType> UserAttributes,
    DateTimeOffset UserCreateDate,
    DateTimeOffset UserLastModifiedDate,
    bool Enabled,
    string UserStatus,
    List<object>? MFAOptions,
    string? PreferredMfaSetting,
    List<string>? UserMFASettingList);

public sealed record AdminUpdateUserAttributesRequest : AdminUserRequest
{
    [Required] public List<AttributeType>? UserAttributes { get; init; }
}

public sealed record AdminDeleteUserAttributesRequest : AdminUserRequest
{
    [Required, ElementLength(1, 32)] public List<string>? UserAttributeNames { get; init; }
}

public sealed record AdminSetUserPasswordRequest : AdminUserRequest
{
    [Required, Length(1, 256), Pattern(@"[\S]+.*[\S]+"), Sensitive] public string? Password { get; init; }
    public bool? Permanent { get; init; }
}

public sealed record UpdateUserAttributesRequest
{
    [Required] public List<AttributeType>? UserAttributes { get; init; }
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record UpdateUserAttributesResponse(List<CodeDeliveryDetailsType> CodeDeliveryDetailsList);

public sealed record DeleteUserAttributesRequest
{
    [Required, ElementLength(1, 32)] public List<string>? UserAttributeNames { get; init; }
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
}

public sealed record GetUserAttributeVerificationCodeRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Required, Length(1, 32)] public string? AttributeName { get; init; }
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

public sealed record VerifyUserAttributeRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Required, Length(1, 32)] public string? AttributeName { get; init; }
    [Required, Length(1, 2048), Pattern(@"[\S]+"), Sensitive] public string? Code { get; init; }
}

public sealed record ChangePasswordRequest
{
    [Length(1, 256), Pattern(@"[\S]+.*[\S]+"), Sensitive] public string? PreviousPassword { get; init; }
    [Required, Length(1, 256), Pattern(@"[\S]+.*[\S]+"), Sensitive] public string? ProposedPassword { get; init; }
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
}

public sealed record ForgotPasswordRequest : ClientRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
}

public sealed record ConfirmForgotPasswordRequest : ClientRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Required, Length(1, 2048), Pattern(@"[\S]+"), Sensitive] public string? ConfirmationCode { get; init; }
    [Required, Length(1, 256), Pattern(@"[\S]+.*[\S]+"), Sensitive] public string? Password { get; init; }
}

public sealed record ListUsersRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [ElementLength(1, 32)] public List<string>? AttributesToGet { get; init; }
    [Range(0, 60)] public int? Limit { get; init; }
    [Pattern(Ids.TokenPattern)] public string? PaginationToken { get; init; }
    [Length(0, 256)] public string? Filter { get; init; }
}

public sealed record ListUsersResponse(List<UserType> Users, string? PaginationToken);
