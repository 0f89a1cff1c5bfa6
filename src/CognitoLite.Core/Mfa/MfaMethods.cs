using CognitoLite.Core.Storage;
using CognitoLite.Core.UserPools;

namespace CognitoLite.Core.Mfa;

/// <summary>The second factors by their API names: which ones a pool offers, a user turned on, and a sign-in can use.</summary>
public static class MfaMethods
{
    public const string Sms = "SMS_MFA";
    public const string SoftwareToken = "SOFTWARE_TOKEN_MFA";
    public const string Email = "EMAIL_OTP";

    /// <summary>The factors the pool's MFA configuration turns on; none while MFA is OFF.</summary>
    public static List<string> OfPool(UserPoolSettings settings)
    {
        var methods = new List<string>();
        if (settings.MfaConfiguration == "OFF") return methods;
        // As GetUserPoolMfaConfig reports it: SMS MFA is on with an SMS configuration or an SMS authentication message.
        if (settings.SmsConfiguration is not null || settings.SmsAuthenticationMessage is not null) methods.Add(Sms);
        if (settings.SoftwareTokenMfaConfiguration?.Enabled == true) methods.Add(SoftwareToken);
        if (settings.EmailMfaConfiguration is not null) methods.Add(Email);
        return methods;
    }

    /// <summary>The user's UserMFASettingList: the factors the user turned on, or null (absent on the wire) when none.</summary>
    public static List<string>? OfUser(User user)
    {
        var methods = new List<string>();
        if (user.SmsMfaEnabled) methods.Add(Sms);
        if (user.SoftwareTokenMfaEnabled) methods.Add(SoftwareToken);
        if (user.EmailMfaEnabled) methods.Add(Email);
        return methods.Count == 0 ? null : methods;
    }

    /// <summary>The factors a sign-in can ask this user for: offered by the pool, turned on by the user, and with a phone,
    /// email or verified authenticator behind them.</summary>
    public static List<string> Usable(UserPoolSettings settings, User user) =>
        (OfUser(user) ?? []).Where(OfPool(settings).Contains).Where(method => method switch
        {
            Sms => user.Attributes.ContainsKey("phone_number"),
            Email => user.Attributes.ContainsKey("email"),
            _ => user.SoftwareTokenSecretCipher is not null,
        }).ToList();
}
