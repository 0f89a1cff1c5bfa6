using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

/// <summary>
/// The first factors of choice-based sign-in (USER_AUTH) by their challenge names: which ones the pool's sign-in
/// policy allows and which ones a user can answer.
/// </summary>
public static class FirstFactors
{
    public const string Password = "PASSWORD";
    public const string PasswordSrp = "PASSWORD_SRP";
    public const string EmailOtp = "EMAIL_OTP";
    public const string SmsOtp = "SMS_OTP";
    public const string WebAuthn = "WEB_AUTHN";
    /// <summary>The challenge that lists the first factors a user can choose from (AvailableChallenges).</summary>
    public const string SelectChallenge = "SELECT_CHALLENGE";

    /// <summary>Every value PREFERRED_CHALLENGE and a SELECT_CHALLENGE ANSWER may take.</summary>
    public static readonly string[] Names = [Password, PasswordSrp, EmailOtp, SmsOtp, WebAuthn];

    /// <summary>
    /// Choice-based sign-in needs the ESSENTIALS or PLUS feature plan (AuthFlow USER_AUTH in AWS's model). A LITE pool cannot
    /// be given ALLOW_USER_AUTH clients, but may have kept some from a higher plan.
    /// </summary>
    public static void CheckTier(UserPool pool)
    {
        if (pool.Settings.UserPoolTier == "LITE") throw Errors.FeatureUnavailableInTier("USER_AUTH is not available in the LITE tier.");
    }

    public static CognitoException NoneAvailable() => Errors.NotAuthorized("The user has no sign-in method that the user pool allows.");

    public static CognitoException NotAvailable(string answer) => Errors.InvalidParameter($"{answer} is not one of the challenges available to the user.");

    /// <summary>The challenges the pool's AllowedFirstAuthFactors (PASSWORD when unset) offer; PASSWORD offers both password challenges.</summary>
    public static List<string> OfPool(StoredUserPoolSettings settings)
    {
        var allowed = settings.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? [Password];
        var challenges = new List<string>();
        if (allowed.Contains(Password)) challenges.AddRange([Password, PasswordSrp]);
        if (allowed.Contains(EmailOtp)) challenges.Add(EmailOtp);
        if (allowed.Contains(SmsOtp)) challenges.Add(SmsOtp);
        if (allowed.Contains(WebAuthn)) challenges.Add(WebAuthn);
        return challenges;
    }

    /// <summary>The AvailableChallenges of a user: the pool's, for which the user has a password, a verified email, a verified phone or a passkey.</summary>
    public static List<string> Of(StoredUserPoolSettings settings, User user, bool hasPasskey) =>
        OfPool(settings).Where(challenge => challenge switch
        {
            Password => user.PasswordHash is not null,
            PasswordSrp => user.SrpVerifier is not null,
            EmailOtp => UserMessages.Verified(user, "email"),
            WebAuthn => hasPasskey,
            _ => UserMessages.Verified(user, "phone_number"),
        }).ToList();
}
