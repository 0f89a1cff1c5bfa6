using System.Text.Json;
using CognitoLite.Core.Auth;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>The pages of the sign-in's challenges; each posts its answer, with the challenge session, to /challenge.</summary>
internal static class Challenges
{
    /// <summary>The ChallengeResponses key of a code challenge's code.</summary>
    public static string CodeKey(string challenge) => challenge switch
    {
        "SMS_MFA" => "SMS_MFA_CODE",
        "EMAIL_OTP" => "EMAIL_OTP_CODE",
        "SMS_OTP" => "SMS_OTP_CODE",
        _ => "SOFTWARE_TOKEN_MFA_CODE",
    };

    public static IResult Render(Page page, InitiateAuthResponse challenge, string? error)
    {
        var parameters = challenge.ChallengeParameters ?? [];
        var username = parameters.GetValueOrDefault("USER_ID_FOR_SRP") ?? parameters.GetValueOrDefault("USERNAME") ?? "";
        var state = Hidden("challenge", challenge.ChallengeName!) + Hidden("session", challenge.Session ?? "") + Hidden("username", username);
        var status = error is null ? 200 : 400;
        switch (challenge.ChallengeName)
        {
            case "NEW_PASSWORD_REQUIRED":
                var required = parameters.TryGetValue("requiredAttributes", out var json)
                    ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
                var attributes = string.Concat(required.Select(a => Field(a, AttributeLabel(a["userAttributes.".Length..]))));
                return page.Render("Change your password", Alert(error) + Note("You must change your password to continue.") +
                    Form(page.PathFor("/challenge"), page.FormToken(), state +
                        Field("password", "New password", "password", autocomplete: "new-password") +
                        Field("confirm_password", "Confirm new password", "password", autocomplete: "new-password") +
                        attributes + Button("Change password")), status);
            case "SMS_MFA" or "EMAIL_OTP" or "SMS_OTP" or "SOFTWARE_TOKEN_MFA":
                var note = challenge.ChallengeName == "SOFTWARE_TOKEN_MFA"
                    ? "Enter the code from your authenticator app."
                    : $"We sent a code to {parameters.GetValueOrDefault("CODE_DELIVERY_DESTINATION")}. Enter it below.";
                return page.Render(challenge.ChallengeName == "SOFTWARE_TOKEN_MFA" ? "Multi-factor authentication" : "Enter your code",
                    Alert(error) + Note(note) + Form(page.PathFor("/challenge"), page.FormToken(), state +
                        Field("code", "Code", autocomplete: "one-time-code") + Button("Sign in")), status);
            default:
                return page.ErrorPage($"The sign-in step {challenge.ChallengeName} is not available on these pages.");
        }
    }

    /// <summary>A readable label for a standard attribute (`given_name` → Given name).</summary>
    public static string AttributeLabel(string attribute)
    {
        var name = attribute.StartsWith("custom:", StringComparison.Ordinal) ? attribute["custom:".Length..] : attribute;
        name = name.Replace('_', ' ');
        return name.Length == 0 ? attribute : char.ToUpperInvariant(name[0]) + name[1..];
    }
}
