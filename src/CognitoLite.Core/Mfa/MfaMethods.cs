using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Mfa;

/// <summary>The second factors by their API names: which ones a pool offers and a sign-in can use.</summary>
public static class MfaMethods
{
    public const string Sms = UserMfaSettings.Sms;
    public const string SoftwareToken = UserMfaSettings.SoftwareToken;
    public const string Email = UserMfaSettings.Email;

    /// <summary>The factors the pool's MFA configuration turns on; none while MFA is OFF.</summary>
    public static List<string> OfPool(StoredUserPoolSettings settings)
    {
        var methods = new List<string>();
        if (settings.MfaConfiguration == "OFF") return methods;
        // As GetUserPoolMfaConfig reports it: SMS MFA is on with an SMS configuration or an SMS authentication message.
        if (settings.SmsConfiguration is not null || settings.SmsAuthenticationMessage is not null) methods.Add(Sms);
        if (settings.SoftwareTokenMfaConfiguration?.Enabled == true) methods.Add(SoftwareToken);
        if (settings.EmailMfaConfiguration is not null) methods.Add(Email);
        return methods;
    }

    /// <summary>The factors a sign-in can ask this user for: offered by the pool, turned on by the user, and with a phone,
    /// email or verified authenticator behind them.</summary>
    public static List<string> Usable(StoredUserPoolSettings settings, User user) =>
        (UserMfaSettings.Of(user) ?? []).Where(OfPool(settings).Contains).Where(method => method switch
        {
            Sms => user.Attributes.ContainsKey("phone_number"),
            Email => user.Attributes.ContainsKey("email"),
            _ => user.SoftwareTokenSecretCipher is not null,
        }).ToList();
}
