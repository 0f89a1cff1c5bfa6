using CognitoLite.Core;
using CognitoLite.Core.Api;
using CognitoLite.Core.Users;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// /forgotPassword and /confirmForgotPassword: ForgotPassword sends a code, ConfirmForgotPassword sets the new password
/// with it. A client that prevents user-existence errors gets a code "sent" for an unknown user too (Cognito's
/// ForgotPassword answers as if), so the next page is the same for everyone.
/// </summary>
internal static class PasswordPages
{
    public static void MapPasswordPages(this WebApplication app)
    {
        app.MapGet("/forgotPassword", (HttpContext http) => Page.Run(http, ShowForgotForm));
        app.MapPost("/forgotPassword", (HttpContext http) => Page.Run(http, ForgotPassword));
        app.MapGet("/confirmForgotPassword", (HttpContext http) => Page.Run(http, ShowResetForm));
        app.MapPost("/confirmForgotPassword", (HttpContext http) => Page.Run(http, ConfirmForgotPassword));
    }

    private static Task<IResult> ShowForgotForm(Page page) => Task.FromResult(ForgotForm(page, null, null));

    private static Task<IResult> ShowResetForm(Page page) => Task.FromResult(ResetForm(page, null, null, null, null));

    private static async Task<IResult> ForgotPassword(Page page)
    {
        var form = await page.Form();
        var username = form.Value("username");
        if (username.Length == 0) return ForgotForm(page, username, $"Enter your {LoginPages.UsernameLabel(page).ToLowerInvariant()}.");
        var request = new ForgotPasswordRequest
        {
            ClientId = page.Request.Client.Id,
            SecretHash = LoginPages.SecretHash(page, username),
            Username = username,
        };
        try
        {
            ApiValidator.Validate(request);
            var sent = (await page.Services.GetRequiredService<AccountService>().ForgotPassword(request, page.Aborted)).CodeDeliveryDetails;
            return ResetForm(page, username, sent?.DeliveryMedium, sent?.Destination, null);
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return ForgotForm(page, username, LoginPages.PageMessage(error));
        }
    }

    private static async Task<IResult> ConfirmForgotPassword(Page page)
    {
        var form = await page.Form();
        var username = form.Value("username");
        var (medium, destination) = (form.Value("medium"), form.Value("destination"));
        IResult Again(string error) => ResetForm(page, username, medium, destination, error);
        var code = form.Value("code").Trim();
        var password = form.Value("password");
        if (username.Length == 0) return Again($"Enter your {LoginPages.UsernameLabel(page).ToLowerInvariant()}.");
        if (code.Length == 0) return Again("Enter the code.");
        if (password.Length == 0) return Again("Enter a new password.");
        if (password != form.Value("confirm_password")) return Again("The passwords do not match.");
        var request = new ConfirmForgotPasswordRequest
        {
            ClientId = page.Request.Client.Id,
            SecretHash = LoginPages.SecretHash(page, username),
            Username = username,
            ConfirmationCode = code,
            Password = password,
        };
        try
        {
            ApiValidator.Validate(request);
            await page.Services.GetRequiredService<AccountService>().ConfirmForgotPassword(request, page.Aborted);
            return LoginPages.SignInForm(page, username, null, "Your password has been changed. Sign in with your new password.");
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return Again(LoginPages.PageMessage(error));
        }
    }

    private static IResult ForgotForm(Page page, string? username, string? error)
    {
        var label = LoginPages.UsernameLabel(page);
        var body = Alert(error) + Note($"Enter your {label.ToLowerInvariant()} and we will send you a code to reset your password.") +
            Form(page.PathFor("/forgotPassword"), page.FormToken(),
                Field("username", label, value: string.IsNullOrEmpty(username) ? null : username, autocomplete: "username") + Button("Reset my password")) +
            Links(Link(page.PathFor("/login"), "Back to sign-in"));
        return page.Render("Forgot your password?", body, error is null ? 200 : 400);
    }

    /// <summary>The code and the new password; the sign-in name is a field when the page does not know it (a bookmarked /confirmForgotPassword).</summary>
    private static IResult ResetForm(Page page, string? username, string? medium, string? destination, string? error)
    {
        var name = string.IsNullOrEmpty(username)
            ? Field("username", LoginPages.UsernameLabel(page), autocomplete: "username")
            : Hidden("username", username);
        var body = Alert(error) + Note(SignUpPages.Sent(medium, destination)) + Form(page.PathFor("/confirmForgotPassword"), page.FormToken(),
            name + Hidden("medium", medium ?? "") + Hidden("destination", destination ?? "") +
            Field("code", "Code", autocomplete: "one-time-code") +
            Field("password", "New password", "password", autocomplete: "new-password") +
            Field("confirm_password", "Confirm new password", "password", autocomplete: "new-password") +
            Button("Change password")) +
            Links(Link(page.PathFor("/forgotPassword"), "Send a new code"), Link(page.PathFor("/login"), "Back to sign-in"));
        return page.Render("Reset your password", body, error is null ? 200 : 400);
    }
}
