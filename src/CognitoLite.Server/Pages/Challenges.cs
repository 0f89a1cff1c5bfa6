using System.Text.Json;
using CognitoLite.Core;
using CognitoLite.Core.Auth;
using CognitoLite.Core.Mfa;
using Microsoft.Extensions.Primitives;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// The pages of the sign-in's challenges; each posts its answer, with the challenge session, to /challenge. What a page
/// shows besides the session (where a code went, the factors to choose from, the authenticator secret) travels in hidden
/// fields, so that a refused answer shows the same page again; it is for display only and never trusted as an answer.
/// </summary>
internal static class Challenges
{
    /// <summary>The parameter MFA_SETUP's page keeps the new authenticator secret in (the page's own, not one of Cognito's).</summary>
    private const string Secret = "SECRET_CODE";

    /// <summary>The challenge parameters a page shows, carried in hidden `p.NAME` fields.</summary>
    private static readonly string[] Shown = ["CODE_DELIVERY_DESTINATION", "CODE_DELIVERY_DELIVERY_MEDIUM", "MFAS_CAN_CHOOSE", "requiredAttributes", Secret, RequestOptions];

    /// <summary>WEB_AUTHN's options for the browser, which the passkey script reads from the form.</summary>
    private const string RequestOptions = "CREDENTIAL_REQUEST_OPTIONS";

    /// <summary>Where the passkey step's script is served.</summary>
    public const string PasskeyScript = "/login-assets/passkey.js";

    /// <summary>The ChallengeResponses key of a code challenge's code.</summary>
    public static string CodeKey(string challenge) => challenge switch
    {
        "SMS_MFA" => "SMS_MFA_CODE",
        "EMAIL_OTP" => "EMAIL_OTP_CODE",
        "SMS_OTP" => "SMS_OTP_CODE",
        _ => "SOFTWARE_TOKEN_MFA_CODE",
    };

    /// <summary>The challenge as its page posted it back.</summary>
    public static InitiateAuthResponse FromForm(Dictionary<string, StringValues> form)
    {
        var parameters = new Dictionary<string, string> { ["USER_ID_FOR_SRP"] = form.GetValueOrDefault("username").ToString() };
        foreach (var name in Shown)
            if (form.TryGetValue("p." + name, out var value)) parameters[name] = value.ToString();
        var available = form.GetValueOrDefault("available").ToString();
        return new InitiateAuthResponse(form.GetValueOrDefault("challenge").ToString(), form.GetValueOrDefault("session").ToString(), parameters, null,
            available.Length == 0 ? null : [.. available.Split(' ')]);
    }

    public static async Task<IResult> Render(Page page, InitiateAuthResponse challenge, string? error)
    {
        if (challenge.ChallengeName == MfaChallenges.Setup && challenge.ChallengeParameters?.ContainsKey(Secret) != true)
            challenge = await NewAuthenticator(page, challenge);
        var parameters = challenge.ChallengeParameters ?? [];
        var username = parameters.GetValueOrDefault("USER_ID_FOR_SRP") ?? parameters.GetValueOrDefault("USERNAME") ?? "";
        var state = Hidden("challenge", challenge.ChallengeName!) + Hidden("session", challenge.Session ?? "") + Hidden("username", username) +
            string.Concat(Shown.Where(parameters.ContainsKey).Select(name => Hidden("p." + name, parameters[name])));
        var status = error is null ? 200 : 400;
        string Form(string body) => Html.Form(page.PathFor("/challenge"), page.FormToken(), state + body);
        switch (challenge.ChallengeName)
        {
            case "NEW_PASSWORD_REQUIRED":
                var attributes = string.Concat(Names(parameters, "requiredAttributes").Select(a => AttributeField(a, AttributeName(a))));
                return page.Render("Change your password", Alert(error) + Note("You must change your password to continue.") + Form(
                    Field("password", "New password", "password", autocomplete: "new-password") +
                    Field("confirm_password", "Confirm new password", "password", autocomplete: "new-password") +
                    attributes + Button("Change password")), status);
            case "SMS_MFA" or "EMAIL_OTP" or "SMS_OTP" or "SOFTWARE_TOKEN_MFA":
                var note = challenge.ChallengeName == "SOFTWARE_TOKEN_MFA"
                    ? "Enter the code from your authenticator app."
                    : $"We sent a code {Medium(parameters.GetValueOrDefault("CODE_DELIVERY_DELIVERY_MEDIUM"))} to {parameters.GetValueOrDefault("CODE_DELIVERY_DESTINATION")}. Enter it below.";
                return page.Render(challenge.ChallengeName == "SOFTWARE_TOKEN_MFA" ? "Multi-factor authentication" : "Enter your code",
                    Alert(error) + Note(note) + Form(Field("code", "Code", autocomplete: "one-time-code") + Button("Sign in")), status);
            case "SELECT_MFA_TYPE":
                return page.Render("Choose how to verify it is you", Alert(error) + Note("Choose where to get the code that completes your sign-in.") +
                    Form(string.Concat(Names(parameters, "MFAS_CAN_CHOOSE").Select(c => Button(MfaLabel(c), "answer", c)))), status);
            case "SELECT_CHALLENGE":
                var available = challenge.AvailableChallenges ?? [];
                var password = available.Contains(FirstFactors.Password);
                var body = Hidden("available", string.Join(' ', available)) +
                    (password ? Field("password", "Password", "password", autocomplete: "current-password") + Button("Sign in", "answer", FirstFactors.Password) : "") +
                    string.Concat(available.Where(a => a is FirstFactors.EmailOtp or FirstFactors.SmsOtp or FirstFactors.WebAuthn)
                        .Select(a => Button(LoginPages.MethodLabel(a), "answer", a, secondary: password)));
                return page.Render("Choose how to sign in", Alert(error) + Form(body), status);
            case FirstFactors.WebAuthn:
                // The script asks the browser for the passkey and sends the form with it; without JavaScript there is no passkey.
                return page.Render("Sign in with a passkey", Alert(error) + Note("Use the passkey saved on this device or your security key.") +
                    Form(Hidden("credential", "") +
                        """<button class="btn btn-primary submitButton-customizable" type="button" id="passkey-button">Use your passkey</button>""") +
                    """<p class="textDescription-customizable" id="passkey-status" role="status"></p>""" +
                    Links(Link(page.PathFor("/login"), "Sign in another way")), status, PasskeyScript);
            case MfaChallenges.Setup:
                var secret = parameters[Secret];
                var uri = QrCode.AuthenticatorUri(page.Request.Pool.Name, username, secret);
                return page.Render("Set up an authenticator app", Alert(error) +
                    Note("Your account needs a second step at sign-in. Scan this QR code with an authenticator app (or type the key below into it), then enter the code the app shows.") +
                    $"""<div class="qr">{QrCode.Svg(uri, "QR code for your authenticator app")}</div>""" +
                    $"""<p class="textDescription-customizable">Key: <code id="secret">{E(secret)}</code></p>""" +
                    Form(Field("code", "Code from your authenticator app", autocomplete: "one-time-code") + Button("Verify and sign in")), status);
            default:
                return page.ErrorPage($"The sign-in step {challenge.ChallengeName} is not available on these pages.");
        }
    }

    /// <summary>
    /// MFA_SETUP: a pool that requires MFA and a user without a factor. The page offers an authenticator app (the one
    /// factor MFA_SETUP sets up here): a new secret from AssociateSoftwareToken with the challenge session, shown as a QR
    /// code and as text, and a field for the first code, which VerifySoftwareToken checks before the challenge is answered.
    /// </summary>
    private static async Task<InitiateAuthResponse> NewAuthenticator(Page page, InitiateAuthResponse challenge)
    {
        var associated = await page.Services.GetRequiredService<SoftwareTokenSetup>()
            .AssociateSoftwareToken(new AssociateSoftwareTokenRequest { Session = challenge.Session }, page.Aborted);
        var parameters = new Dictionary<string, string>(challenge.ChallengeParameters ?? []) { [Secret] = associated.SecretCode };
        return challenge with { Session = associated.Session, ChallengeParameters = parameters };
    }

    /// <summary>A challenge parameter that is a JSON list of names; one a page got back altered is shown as empty.</summary>
    private static List<string> Names(Dictionary<string, string> parameters, string name)
    {
        try
        {
            return parameters.TryGetValue(name, out var json) ? [.. (JsonSerializer.Deserialize<List<string?>>(json) ?? []).OfType<string>()] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Medium(string? medium) => medium == "SMS" ? "by text message" : "by email";

    private static string MfaLabel(string method) => method switch
    {
        MfaMethods.Sms => "Text message (SMS)",
        MfaMethods.Email => "Email",
        MfaMethods.SoftwareToken => "Authenticator app",
        _ => method,
    };

    /// <summary>An input for a user attribute (`email`, or `userAttributes.email` in NEW_PASSWORD_REQUIRED), typed and autocompleted for what it holds.</summary>
    public static string AttributeField(string field, string attribute, bool required = true, string? value = null)
    {
        var (type, autocomplete) = attribute switch
        {
            "email" => ("email", "email"),
            "phone_number" => ("tel", "tel"),
            "birthdate" => ("date", "bday"),
            "given_name" => ("text", "given-name"),
            "family_name" => ("text", "family-name"),
            "middle_name" => ("text", "additional-name"),
            "name" => ("text", "name"),
            "nickname" => ("text", "nickname"),
            "address" => ("text", "street-address"),
            "website" => ("url", "url"),
            "profile" or "picture" => ("url", null),
            _ => ("text", (string?)null),
        };
        return Field(field, AttributeLabel(attribute), type, value, autocomplete, required);
    }

    private static string AttributeName(string field) => field.StartsWith("userAttributes.", StringComparison.Ordinal) ? field["userAttributes.".Length..] : field;

    /// <summary>A readable label for an attribute (`given_name` → Given name, `custom:team` → Team).</summary>
    public static string AttributeLabel(string attribute)
    {
        var name = attribute.StartsWith("custom:", StringComparison.Ordinal) ? attribute["custom:".Length..] : attribute;
        name = name.Replace('_', ' ');
        return name.Length == 0 ? attribute : char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>The 6 digits of an authenticator or one-time code, as typed (spaces around it dropped).</summary>
    public static bool IsCode(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    /// <summary>A refused answer to the sign-in's step that cannot be given again with the same session (a passkey's is used once).</summary>
    public static bool EndsSignIn(CognitoException error, string? challenge) =>
        error.Type is "NotAuthorizedException" && (error.Message.Contains("session", StringComparison.OrdinalIgnoreCase) || challenge == FirstFactors.WebAuthn)
        || error.Type == "ExpiredCodeException" && challenge == "NEW_PASSWORD_REQUIRED";
}
