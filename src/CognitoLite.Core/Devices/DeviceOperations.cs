using CognitoLite.Core.Api;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Devices;

/// <summary>The model's DeviceKeyType: `&lt;region&gt;_&lt;uuid&gt;`.</summary>
internal static class DeviceKeys
{
    public const string Pattern = @"[\w-]+_[0-9a-f-]+";
    public const string TokenPattern = @"[A-Za-z0-9-_=.]+";
}

public sealed record DeviceSecretVerifierConfigType
{
    [Length(0, 131072)] public string? PasswordVerifier { get; init; }
    [Length(0, 131072)] public string? Salt { get; init; }
}

public sealed record ConfirmDeviceRequest
{
    [Required, Pattern(DeviceKeys.TokenPattern), Sensitive] public string? AccessToken { get; init; }
    [Required, Length(1, 55), Pattern(DeviceKeys.Pattern)] public string? DeviceKey { get; init; }
    public DeviceSecretVerifierConfigType? DeviceSecretVerifierConfig { get; init; }
    [Length(1, 1024)] public string? DeviceName { get; init; }
}

public sealed record ConfirmDeviceResponse(bool UserConfirmationNecessary);

/// <summary>GetDevice and ForgetDevice: the model leaves AccessToken optional, but the device is the caller's own.</summary>
public sealed record DeviceKeyRequest
{
    [Required, Length(1, 55), Pattern(DeviceKeys.Pattern)] public string? DeviceKey { get; init; }
    [Pattern(DeviceKeys.TokenPattern), Sensitive] public string? AccessToken { get; init; }
}

public sealed record ListDevicesRequest
{
    [Required, Pattern(DeviceKeys.TokenPattern), Sensitive] public string? AccessToken { get; init; }
    [Range(0, 60)] public int? Limit { get; init; }
    [Pattern(Ids.TokenPattern)] public string? PaginationToken { get; init; }
}

public sealed record UpdateDeviceStatusRequest
{
    [Required, Pattern(DeviceKeys.TokenPattern), Sensitive] public string? AccessToken { get; init; }
    [Required, Length(1, 55), Pattern(DeviceKeys.Pattern)] public string? DeviceKey { get; init; }
    [OneOf("remembered", "not_remembered")] public string? DeviceRememberedStatus { get; init; }
}

public record AdminDeviceUserRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
}

/// <summary>AdminGetDevice and AdminForgetDevice.</summary>
public sealed record AdminDeviceRequest : AdminDeviceUserRequest
{
    [Required, Length(1, 55), Pattern(DeviceKeys.Pattern)] public string? DeviceKey { get; init; }
}

public sealed record AdminListDevicesRequest : AdminDeviceUserRequest
{
    [Range(0, 60)] public int? Limit { get; init; }
    [Pattern(Ids.TokenPattern)] public string? PaginationToken { get; init; }
}

public sealed record AdminUpdateDeviceStatusRequest : AdminDeviceUserRequest
{
    [Required, Length(1, 55), Pattern(DeviceKeys.Pattern)] public string? DeviceKey { get; init; }
    [OneOf("remembered", "not_remembered")] public string? DeviceRememberedStatus { get; init; }
}

public sealed record DeviceType(
    string DeviceKey,
    List<AttributeType> DeviceAttributes,
    DateTimeOffset DeviceCreateDate,
    DateTimeOffset DeviceLastModifiedDate,
    DateTimeOffset DeviceLastAuthenticatedDate);

public sealed record GetDeviceResponse(DeviceType Device);

public sealed record ListDevicesResponse(List<DeviceType> Devices, string? PaginationToken);
