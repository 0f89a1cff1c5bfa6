using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Users;

/// <summary>The legacy per-user MFA setting (SetUserSettings), SMS only: how GetUser still shows SMS MFA.</summary>
public sealed record MFAOptionType
{
    [OneOf("SMS", "EMAIL")] public string? DeliveryMedium { get; init; }
    [Length(1, 32), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+")] public string? AttributeName { get; init; }
}

/// <summary>
/// The second factors a user turned on, by their API names, as GetUser and AdminGetUser list them. What a pool offers and
/// when a sign-in asks for them is the Mfa feature's (MfaMethods).
/// </summary>
public static class UserMfaSettings
{
    public const string Sms = "SMS_MFA";
    public const string SoftwareToken = "SOFTWARE_TOKEN_MFA";
    public const string Email = "EMAIL_OTP";

    /// <summary>The user's UserMFASettingList: the factors the user turned on, or null (absent on the wire) when none.</summary>
    public static List<string>? Of(User user)
    {
        var methods = new List<string>();
        if (user.SmsMfaEnabled) methods.Add(Sms);
        if (user.SoftwareTokenMfaEnabled) methods.Add(SoftwareToken);
        if (user.EmailMfaEnabled) methods.Add(Email);
        return methods.Count == 0 ? null : methods;
    }

    /// <summary>The user's MFAOptions: SMS to the phone number while SMS MFA is on, else null (absent on the wire).</summary>
    public static List<object>? Options(User user) =>
        user.SmsMfaEnabled ? [new MFAOptionType { DeliveryMedium = "SMS", AttributeName = "phone_number" }] : null;
}
