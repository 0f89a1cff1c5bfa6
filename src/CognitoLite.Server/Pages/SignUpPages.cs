using CognitoLite.Core;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Api;
using CognitoLite.Core.Users;
using Microsoft.Extensions.Primitives;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// /signup and /confirmUser: SignUp with the pool's required attributes, then ConfirmSignUp with the code the user was
/// sent (or a new one, ResendConfirmationCode). The password is not kept: once confirmed, the user signs in.
/// </summary>
internal static class SignUpPages
{
    public static void MapSignUpPages(this WebApplication app)
    {
        app.MapGet("/signup", (HttpContext http) => Page.Run(http, async page =>
            Allowed(page) ? await SignUpForm(page, [], null) : NotAllowed(page)));
        app.MapPost("/signup", (HttpContext http) => Page.Run(http, SignUp));
        app.MapGet("/confirmUser", (HttpContext http) => Page.Run(http, ShowConfirmForm));
        app.MapPost("/confirmUser", (HttpContext http) => Page.Run(http, Confirm));
    }

    private static Task<IResult> ShowConfirmForm(Page page) => Task.FromResult(ConfirmForm(page, null, null, null, null, null));

    /// <summary>Users may sign themselves up unless the pool lets only administrators create them.</summary>
    public static bool Allowed(Page page) => page.Request.Pool.Settings.AdminCreateUserConfig.AllowAdminCreateUserOnly != true;

    private static IResult NotAllowed(Page page) => page.ErrorPage("Sign-up is not available here: an administrator creates the accounts.", 403);

    private static async Task<IResult> SignUp(Page page)
    {
        if (!Allowed(page)) return NotAllowed(page);
        var form = await page.Form();
        var username = form.Value("username");
        var password = form.Value("password");
        if (username.Length == 0) return await SignUpForm(page, form, $"Enter your {LoginPages.UsernameLabel(page).ToLowerInvariant()}.");
        if (password.Length == 0) return await SignUpForm(page, form, "Enter a password.");
        if (password != form.Value("confirm_password")) return await SignUpForm(page, form, "The passwords do not match.");
        var client = page.Request.Client;
        var request = new SignUpRequest
        {
            ClientId = client.Id,
            SecretHash = LoginPages.SecretHash(page, username),
            Username = username,
            Password = password,
            UserAttributes = Attributes(page).Select(a => (a.Name, Value: form.Value(a.Name).Trim())).Where(a => a.Value.Length > 0)
                .Select(a => new AttributeType { Name = a.Name, Value = a.Value }).ToList(),
        };
        try
        {
            ApiValidator.Validate(request);
            var signedUp = await page.Services.GetRequiredService<UserService>().SignUp(request, page.Aborted);
            if (signedUp.UserConfirmed) return LoginPages.SignInForm(page, username, null, "Your account is ready. Sign in.");
            if (signedUp.CodeDeliveryDetails is not { } delivery)
                return LoginPages.SignInForm(page, username, null, "Your account has been created. An administrator must confirm it before you can sign in.");
            return ConfirmForm(page, username, delivery.DeliveryMedium, delivery.Destination, null, null);
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return await SignUpForm(page, form, LoginPages.PageMessage(error));
        }
    }

    /// <summary>
    /// The sign-up form: the sign-in name, the password twice, an input for each attribute the pool requires and for the
    /// attributes it verifies (where the confirmation code goes), and the client's terms documents. What was typed, except
    /// the passwords, is kept when the form comes back with an error.
    /// </summary>
    private static async Task<IResult> SignUpForm(Page page, Dictionary<string, StringValues> typed, string? error)
    {
        var attributes = string.Concat(Attributes(page).Select(a =>
            Challenges.AttributeField(a.Name, a.Name, a.Required, typed.Value(a.Name) is { Length: > 0 } value ? value : null)));
        var body = Alert(error) + Form(page.PathFor("/signup"), page.FormToken(),
            Field("username", LoginPages.UsernameLabel(page), UsernameType(page), typed.Value("username") is { Length: > 0 } username ? username : null, "username") +
            attributes +
            Field("password", "Password", "password", autocomplete: "new-password") +
            Field("confirm_password", "Confirm password", "password", autocomplete: "new-password") +
            await Terms(page) +
            Button("Sign up")) +
            Links(Link(page.PathFor("/login"), "Already have an account? Sign in"));
        return page.Render("Sign up", body, error is null ? 200 : 400);
    }

    private static string UsernameType(Page page) => page.Request.Pool.Settings.UsernameAttributes switch
    {
        ["email"] => "email",
        ["phone_number"] => "tel",
        _ => "text",
    };

    /// <summary>
    /// The attribute inputs of the sign-up form: the pool's required attributes and its auto-verified ones, less the one
    /// the sign-in name already is (a pool whose users sign in with their email), and less what the client may not write.
    /// With email and phone both allowed as the sign-in name, either may be the name, so the form does not insist on them.
    /// </summary>
    private static List<(string Name, bool Required)> Attributes(Page page)
    {
        var settings = page.Request.Pool.Settings;
        var usernameAttributes = settings.UsernameAttributes ?? [];
        var writable = page.Request.Client.Settings.WriteAttributes;
        var required = settings.SchemaAttributes.Where(a => a.Required == true && a.Name is not (null or "sub")).Select(a => a.Name!).ToList();
        return required.Select(name => (Name: name, Required: true))
            .Concat((settings.AutoVerifiedAttributes ?? []).Where(a => !required.Contains(a)).Select(name => (Name: name, Required: false)))
            .Where(a => !(usernameAttributes.Count == 1 && usernameAttributes[0] == a.Name))
            .Where(a => a.Required || writable is null || writable.Contains(a.Name))
            .Select(a => (a.Name, a.Required && !usernameAttributes.Contains(a.Name)))
            .ToList();
    }

    /// <summary>`lang` as the terms documents' languages are named.</summary>
    /// <summary>The client's terms of use and privacy policy links, once both exist (as on Cognito).</summary>
    private static async Task<string> Terms(Page page) =>
        await page.Services.GetRequiredService<PageLooks>().TermsLinks(page.Request, page.Aborted) is { } links
            ? $"""<p class="legalText-customizable">By signing up, you agree to the {Link(links.TermsOfUse, "Terms of use")} and the {Link(links.PrivacyPolicy, "Privacy policy")}.</p>"""
            : "";

    /// <summary>A right password of an unconfirmed user: a new code, and the confirmation page (the sign-in form again if no code can be sent).</summary>
    public static async Task<IResult> ConfirmAfterSignIn(Page page, string username, string notConfirmed)
    {
        try
        {
            var sent = await Resend(page, username);
            return sent is null
                ? LoginPages.SignInForm(page, username, notConfirmed)
                : ConfirmForm(page, username, sent.DeliveryMedium, sent.Destination, null, $"Your account is not confirmed yet. {Sent(sent.DeliveryMedium, sent.Destination)}");
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return LoginPages.SignInForm(page, username, LoginPages.PageMessage(error));
        }
    }

    private static async Task<IResult> Confirm(Page page)
    {
        var form = await page.Form();
        var username = form.Value("username");
        var (medium, destination) = (form.Value("medium"), form.Value("destination"));
        IResult Again(string? error, string? note = null) => ConfirmForm(page, username, medium, destination, error, note);
        if (username.Length == 0) return Again($"Enter your {LoginPages.UsernameLabel(page).ToLowerInvariant()}.");
        try
        {
            if (form.Value("action") == "resend")
            {
                var sent = await Resend(page, username);
                return sent is null
                    ? Again("A new code cannot be sent: the account has no email address or phone number to send it to.")
                    : ConfirmForm(page, username, sent.DeliveryMedium, sent.Destination, null, "A new code is on its way. " + Sent(sent.DeliveryMedium, sent.Destination));
            }
            var code = form.Value("code").Trim();
            if (code.Length == 0) return Again("Enter the code.");
            var request = new ConfirmSignUpRequest
            {
                ClientId = page.Request.Client.Id,
                SecretHash = LoginPages.SecretHash(page, username),
                Username = username,
                ConfirmationCode = code,
            };
            ApiValidator.Validate(request);
            await page.Services.GetRequiredService<UserService>().ConfirmSignUp(request, page.Aborted);
            return LoginPages.SignInForm(page, username, null, "Your account is confirmed. Sign in.");
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return Again(LoginPages.PageMessage(error));
        }
    }

    private static async Task<Core.Messages.CodeDeliveryDetailsType?> Resend(Page page, string username)
    {
        var request = new ResendConfirmationCodeRequest
        {
            ClientId = page.Request.Client.Id,
            SecretHash = LoginPages.SecretHash(page, username),
            Username = username,
        };
        ApiValidator.Validate(request);
        return (await page.Services.GetRequiredService<UserService>().ResendConfirmationCode(request, page.Aborted)).CodeDeliveryDetails;
    }

    /// <summary>Where a code went, as Cognito masks it (`a***@e***`).</summary>
    public static string Sent(string? medium, string? destination) => string.IsNullOrEmpty(destination)
        ? "Enter the code we sent you."
        : $"We sent a code {(medium == "SMS" ? "by text message" : "by email")} to {destination}. Enter it below.";

    /// <summary>The confirmation form; the sign-in name is a field when the page does not know it (a bookmarked /confirmUser).</summary>
    private static IResult ConfirmForm(Page page, string? username, string? medium, string? destination, string? error, string? note)
    {
        var name = string.IsNullOrEmpty(username)
            ? Field("username", LoginPages.UsernameLabel(page), autocomplete: "username")
            : Hidden("username", username);
        var body = Alert(error) + Note(note ?? Sent(medium, destination)) + Form(page.PathFor("/confirmUser"), page.FormToken(),
            name + Hidden("medium", medium ?? "") + Hidden("destination", destination ?? "") +
            Field("code", "Code", autocomplete: "one-time-code") +
            Button("Confirm account") + Button("Send a new code", "action", "resend", secondary: true)) +
            Links(Link(page.PathFor("/login"), "Back to sign-in"));
        return page.Render("Confirm your account", body, error is null ? 200 : 400);
    }
}
