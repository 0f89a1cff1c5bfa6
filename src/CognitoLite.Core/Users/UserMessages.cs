using CognitoLite.Core.Messages;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core.Users;

/// <summary>
/// The messages Cognito sends users: verification codes, password-reset codes, invitations and sign-in codes. Their text is
/// the pool's, or its custom message function's; the pool delivers them (log, outbox, SMTP), or its custom sender does.
/// The custom message function is asked before the code is issued, so that its refusal leaves the earlier code working.
/// </summary>
public sealed partial class UserMessages(Codes codes, MessageSink messages, LambdaTriggers triggers, SecretProtector secrets, ILogger<UserMessages> logger)
{
    /// <summary>A message's text with its placeholders; a subject for email only.</summary>
    private sealed record MessageText(string Body, string? Subject);

    private const string DefaultCodeMessage = "Your verification code is {####}. ";
    private const string DefaultInvitation = "Your username is {username} and temporary password is {####}. ";
    private const string DefaultAuthenticationMessage = "Your authentication code is {####}. ";
    private const string Authentication = "Authentication";
    private const string Invitation = "AdminCreateUser";

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
    public static string? RecoveryAttribute(UserPool pool, User user) => RecoveryAttributes(pool).FirstOrDefault(attribute => Verified(user, attribute));

    /// <summary>The attributes a password-reset code may go to, in AccountRecoverySetting's order.</summary>
    private static IEnumerable<string> RecoveryAttributes(UserPool pool) =>
        (pool.Settings.AccountRecoverySetting?.RecoveryMechanisms?.OrderBy(m => m.Priority).Select(m => m.Name).ToList() ?? ["verified_phone_number", "verified_email"])
            .Select(mechanism => mechanism switch { "verified_email" => "email", "verified_phone_number" => "phone_number", _ => null })
            .OfType<string>();

    public static bool Verified(User user, string attribute) =>
        user.Attributes.ContainsKey(attribute) && user.Attributes.GetValueOrDefault(attribute + "_verified") == "true";

    /// <summary>
    /// Where a password-reset code of a user the client must not reveal seems to go, as Cognito simulates it: by the name's
    /// format when it is an email or phone number, else the first of the recovery attributes that the pool verifies (or, if
    /// it verifies none, the first of them).
    /// </summary>
    public static string? SimulatedRecoveryAttribute(UserPool pool, string name) =>
        SimulatedAttribute(pool, name, RecoveryAttributes(pool)) ?? RecoveryAttributes(pool).FirstOrDefault();

    /// <summary>
    /// Where a sign-up code of a user the client must not reveal seems to go: by the name's format, else the first attribute
    /// the pool verifies at sign-up; null when it verifies none, as no sign-up code goes out then.
    /// </summary>
    public static string? SimulatedSignUpAttribute(UserPool pool, string name) =>
        SimulatedAttribute(pool, name, SignUpAttributes.Where((pool.Settings.AutoVerifiedAttributes ?? []).Contains));

    private static readonly string[] SignUpAttributes = ["email", "phone_number"];

    private static string? SimulatedAttribute(UserPool pool, string name, IEnumerable<string> attributes)
    {
        var candidates = attributes.ToList();
        if (AttributeRules.IsEmail(name) && candidates.Contains("email")) return "email";
        if (AttributeRules.IsPhone(name) && candidates.Contains("phone_number")) return "phone_number";
        return candidates.FirstOrDefault((pool.Settings.AutoVerifiedAttributes ?? []).Contains);
    }

    /// <summary>
    /// For an unknown name, where Cognito alternates between two answers real users get (a code sent, or an error some of
    /// them get): true for the first, by a bit derived from the name under the master key, so the same at every request. A
    /// name that can only be a verified email or phone alias always gets the first: only users who verified it have it.
    /// </summary>
    public bool Alternative(UserPool pool, string name, string question)
    {
        var aliases = pool.Settings.AliasAttributes ?? [];
        return aliases.Contains("email") && AttributeRules.IsEmail(name) || aliases.Contains("phone_number") && AttributeRules.IsPhone(name)
            || (Convert.FromHexString(secrets.Mac($"alternative|{question}|{pool.Id}|{UserDirectory.UsernameKey(pool, name)}"))[0] & 1) == 1;
    }

    /// <summary>
    /// The delivery details of a code that was not sent, to a user the client must not reveal: to the name itself when it
    /// is an email or phone number, else to an address made up from the name (its initial, then letters or digits derived
    /// from it under the master key, so the same at every request, as a real user's), masked as a real one is.
    /// </summary>
    public CodeDeliveryDetailsType Simulated(UserPool pool, string name, string attribute)
    {
        var seed = Convert.FromHexString(secrets.Mac($"simulated-delivery|{pool.Id}|{UserDirectory.UsernameKey(pool, name)}"));
        if (attribute == "phone_number")
            return CodeDeliveryDetailsType.For(attribute, AttributeRules.IsPhone(name) ? name : "+1555" + string.Concat(seed[..7].Select(b => (char)('0' + b % 10))));
        var initial = char.IsAsciiLetter(name[0]) ? char.ToLowerInvariant(name[0]) : (char)('a' + seed[7] % 26);
        return CodeDeliveryDetailsType.For(attribute, AttributeRules.IsEmail(name) ? name : $"{initial}@{(char)('a' + seed[8] % 26)}.com");
    }

    /// <summary>Issues a code for the purpose and sends it to the attribute's value (or a new value waiting for verification).</summary>
    public async Task<CodeDeliveryDetailsType> SendCode(UserPool pool, User user, string attribute, string purpose, string kind, TimeSpan validity, CallerContext caller,
        CancellationToken ct, string? pendingValue = null)
    {
        var destination = pendingValue ?? user.Attributes[attribute];
        var template = pool.Settings.VerificationMessageTemplate;
        var own = attribute == "email"
            ? new MessageText(template.EmailMessage ?? pool.Settings.EmailVerificationMessage ?? DefaultCodeMessage,
                template.EmailSubject ?? pool.Settings.EmailVerificationSubject ?? "Your verification code")
            : new MessageText(template.SmsMessage ?? pool.Settings.SmsVerificationMessage ?? DefaultCodeMessage, null);
        var text = Choose(await CustomMessage(pool, kind, caller, user, [attribute], ct), kind, attribute, own);
        var code = await codes.Issue(user, purpose, validity, ct, pendingValue);
        await Deliver(pool, kind, caller, user, attribute, destination, code, text, ct);
        return CodeDeliveryDetailsType.For(attribute, destination);
    }

    /// <summary>A sign-in code (SMS_MFA, EMAIL_OTP) to the phone or email, in the pool's MFA message templates.</summary>
    public async Task<CodeDeliveryDetailsType> SendAuthenticationCode(UserPool pool, User user, string attribute, string code, CallerContext caller, CancellationToken ct)
    {
        var destination = user.Attributes[attribute];
        var own = attribute == "email"
            ? new MessageText(pool.Settings.EmailMfaConfiguration?.Message ?? DefaultAuthenticationMessage, pool.Settings.EmailMfaConfiguration?.Subject ?? "Your authentication code")
            : new MessageText(pool.Settings.SmsAuthenticationMessage ?? DefaultAuthenticationMessage, null);
        var text = Choose(await CustomMessage(pool, Authentication, caller, user, [attribute], ct), Authentication, attribute, own);
        await Deliver(pool, Authentication, caller, user, attribute, destination, code, text, ct);
        return CodeDeliveryDetailsType.For(attribute, destination);
    }

    /// <summary>AdminCreateUser's invitation with the temporary password, to each desired medium the user has an address for.</summary>
    public async Task SendInvitation(UserPool pool, User user, string temporaryPassword, IReadOnlyList<string> mediums, CallerContext caller, CancellationToken ct)
    {
        var template = pool.Settings.AdminCreateUserConfig.InviteMessageTemplate;
        var attributes = mediums.Select(m => m == "EMAIL" ? "email" : "phone_number").Where(user.Attributes.ContainsKey).ToList();
        var custom = await CustomMessage(pool, Invitation, caller, user, attributes, ct);
        foreach (var attribute in attributes)
        {
            var own = attribute == "email"
                ? new MessageText(template?.EmailMessage ?? DefaultInvitation, template?.EmailSubject ?? "Your temporary password")
                : new MessageText(template?.SMSMessage ?? DefaultInvitation, null);
            await Deliver(pool, Invitation, caller, user, attribute, user.Attributes[attribute], temporaryPassword, Choose(custom, Invitation, attribute, own), ct);
        }
    }

    /// <summary>The custom message function's text, unless every message goes to a custom sender, which writes its own.</summary>
    private async Task<CustomMessageResponse?> CustomMessage(UserPool pool, string kind, CallerContext caller, User user, IReadOnlyList<string> attributes, CancellationToken ct) =>
        attributes.All(a => LambdaTriggers.HasCustomSender(pool, a)) ? null : await triggers.CustomMessage(pool, kind, caller, user, ct);

    /// <summary>
    /// The function's text where it wrote one holding the code's placeholder (and, in an invitation, the username's), which
    /// Cognito requires; the pool's otherwise, rather than a message without its code. Its email subject is used whenever
    /// it gives one.
    /// </summary>
    private MessageText Choose(CustomMessageResponse? custom, string kind, string attribute, MessageText own)
    {
        if (custom is null) return own;
        var email = attribute == "email";
        var subject = email ? custom.EmailSubject ?? own.Subject : null;
        var body = email ? custom.EmailMessage : custom.SmsMessage;
        if (body is null) return own with { Subject = subject };
        if (!body.Contains(LambdaTriggers.CodeParameter, StringComparison.Ordinal)
            || kind == Invitation && !body.Contains(LambdaTriggers.UsernameParameter, StringComparison.Ordinal))
        {
            LogPlaceholderMissing(logger, kind, email ? "emailMessage" : "smsMessage");
            return own with { Subject = subject };
        }
        return new MessageText(body, subject);
    }

    /// <summary>The message to its destination: through the pool's custom sender for the medium, or the pool's own delivery.</summary>
    private async Task Deliver(UserPool pool, string kind, CallerContext caller, User user, string attribute, string destination, string code, MessageText text,
        CancellationToken ct)
    {
        if (await triggers.CustomSender(pool, kind, caller, user, attribute, destination, code, ct)) return;
        var email = attribute == "email";
        await messages.Send(new Message(pool.Id, user.Username, destination, email ? "EMAIL" : "SMS", kind, code, email ? text.Subject : null,
            Fill(text.Body, code, user)), ct);
    }

    private static string Fill(string template, string code, User user) =>
        template.Replace(LambdaTriggers.CodeParameter, code, StringComparison.Ordinal).Replace(LambdaTriggers.UsernameParameter, user.Username, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CustomMessage_{Kind}: {Member} lacks the code (or username) placeholder; the pool's own message is sent")]
    private static partial void LogPlaceholderMissing(ILogger logger, string kind, string member);
}
