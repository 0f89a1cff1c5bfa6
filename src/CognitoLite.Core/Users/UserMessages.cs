using CognitoLite.Core.Messages;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Users;

/// <summary>The messages Cognito sends users: verification codes, password-reset codes, invitations and sign-in codes.</summary>
public sealed class UserMessages(Codes codes, MessageSink messages)
{
    private const string DefaultCodeMessage = "Your verification code is {####}. ";
    private const string DefaultInvitation = "Your username is {username} and temporary password is {####}. ";
    private const string DefaultAuthenticationMessage = "Your authentication code is {####}. ";

    /// <summary>Which attribute sign-up codes go to: the auto-verified email, else the auto-verified phone.</summary>
    public static string? SignUpAttribute(UserPool pool, User user)
    {
        var autoVerified = pool.Settings.AutoVerifiedAttributes ?? [];
        if (autoVerified.Contains("email") && user.Attributes.ContainsKey("email")) return "email";
        if (autoVerified.Contains("phone_number") && user.Attributes.ContainsKey("phone_number")) return "phone_number";
        return null;
    }

    /// <summary>Where a password-reset code goes: the verified contact AccountRecoverySetting prefers
    /// (by default the verified phone, then the verified email, as Cognito's legacy behaviour).</summary>
    public static string? RecoveryAttribute(UserPool pool, User user)
    {
        var mechanisms = pool.Settings.AccountRecoverySetting?.RecoveryMechanisms?.OrderBy(m => m.Priority).Select(m => m.Name).ToList()
            ?? ["verified_phone_number", "verified_email"];
        foreach (var mechanism in mechanisms)
        {
            if (mechanism == "verified_email" && Verified(user, "email")) return "email";
            if (mechanism == "verified_phone_number" && Verified(user, "phone_number")) return "phone_number";
        }
        return null;
    }

    public static bool Verified(User user, string attribute) =>
        user.Attributes.ContainsKey(attribute) && user.Attributes.GetValueOrDefault(attribute + "_verified") == "true";

    /// <summary>What a code delivery to an unknown user looks like when the client prevents user-existence errors:
    /// the same shape as a real one, so the response does not tell whether the user exists.</summary>
    public static CodeDeliveryDetailsType Simulated(string username, string attribute = "email") => attribute == "phone_number"
        ? CodeDeliveryDetailsType.For(attribute, username.StartsWith('+') ? username : "+15555550100")
        : CodeDeliveryDetailsType.For(attribute, AttributeRules.IsEmail(username) ? username : "u@example.com");

    /// <summary>Issues a code for the purpose and sends it to the attribute's value (or a new value waiting for verification).</summary>
    public async Task<CodeDeliveryDetailsType> SendCode(UserPool pool, User user, string attribute, string purpose, string kind, TimeSpan validity, CancellationToken ct, string? pendingValue = null)
    {
        var code = await codes.Issue(user, purpose, validity, ct, pendingValue);
        var destination = pendingValue ?? user.Attributes[attribute];
        var template = pool.Settings.VerificationMessageTemplate;
        var email = attribute == "email";
        var body = (email ? template.EmailMessage ?? pool.Settings.EmailVerificationMessage : template.SmsMessage ?? pool.Settings.SmsVerificationMessage)
            ?? DefaultCodeMessage;
        await messages.Send(new Message(
            pool.Id, user.Username, destination, email ? "EMAIL" : "SMS", kind, code,
            email ? template.EmailSubject ?? pool.Settings.EmailVerificationSubject ?? "Your verification code" : null,
            Fill(body, code, user)), ct);
        return CodeDeliveryDetailsType.For(attribute, destination);
    }

    /// <summary>A sign-in code (SMS_MFA, EMAIL_OTP) to the phone or email, in the pool's MFA message templates.</summary>
    public async Task<CodeDeliveryDetailsType> SendAuthenticationCode(UserPool pool, User user, string attribute, string code, CancellationToken ct)
    {
        var destination = user.Attributes[attribute];
        var email = attribute == "email";
        var body = (email ? pool.Settings.EmailMfaConfiguration?.Message : pool.Settings.SmsAuthenticationMessage) ?? DefaultAuthenticationMessage;
        await messages.Send(new Message(
            pool.Id, user.Username, destination, email ? "EMAIL" : "SMS", "Authentication", code,
            email ? pool.Settings.EmailMfaConfiguration?.Subject ?? "Your authentication code" : null,
            Fill(body, code, user)), ct);
        return CodeDeliveryDetailsType.For(attribute, destination);
    }

    /// <summary>AdminCreateUser's invitation with the temporary password, to each desired medium the user has an address for.</summary>
    public async Task SendInvitation(UserPool pool, User user, string temporaryPassword, IReadOnlyList<string> mediums, CancellationToken ct)
    {
        var template = pool.Settings.AdminCreateUserConfig.InviteMessageTemplate;
        foreach (var medium in mediums)
        {
            var attribute = medium == "EMAIL" ? "email" : "phone_number";
            if (!user.Attributes.TryGetValue(attribute, out var destination)) continue;
            var body = (medium == "EMAIL" ? template?.EmailMessage : template?.SMSMessage) ?? DefaultInvitation;
            await messages.Send(new Message(
                pool.Id, user.Username, destination, medium, "AdminCreateUser", temporaryPassword,
                medium == "EMAIL" ? template?.EmailSubject ?? "Your temporary password" : null,
                Fill(body, temporaryPassword, user)), ct);
        }
    }

    private static string Fill(string template, string code, User user) =>
        template.Replace("{####}", code, StringComparison.Ordinal).Replace("{username}", user.Username, StringComparison.Ordinal);
}
