using CognitoLite.Core;
using CognitoLite.Core.Auth;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Storage;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// /oauth2/authorize, /logout and the managed login pages (spec/tokens.md §5): server-rendered forms that work without
/// JavaScript. Every page carries the authorize request in its query string and checks it again; every POST spends a
/// one-time anti-forgery token bound to the browser's cookie. A sign-in ends with a login session cookie and the
/// redirect back to the app with a code (or, for the implicit flow, tokens).
/// </summary>
internal static class LoginPages
{
    public static void MapManagedLogin(this WebApplication app)
    {
        app.MapGet("/oauth2/authorize", (HttpContext http) => Page.Run(http, async page =>
        {
            var request = page.Request;
            if (request.Prompt != "login" && await page.Login.Session(request.Pool, page.SessionCookie, page.Aborted) is { } session)
                return Results.Redirect(await page.Login.Complete(request, session.User, session.AuthTime, page.Aborted));
            if (request.Prompt == "none")
                throw new AuthorizeException("login_required", "The user is not signed in.", request.RedirectUri, request.State, request.ResponseType == "token");
            return Results.Redirect(page.PathFor("/login"));
        }));

        app.MapGet("/login", (HttpContext http) => Page.Run(http, ShowSignInForm));
        app.MapPost("/login", (HttpContext http) => Page.Run(http, async page =>
        {
            var form = await page.Form();
            var username = form["username"].ToString();
            var password = form["password"].ToString();
            if (username.Length == 0 || password.Length == 0) return SignInForm(page, username, "Enter your username and password.");
            try
            {
                return await page.Step(await page.Auth.PagePasswordSignIn(page.Request.Pool, page.Request.Client, username, password, page.Aborted));
            }
            catch (CognitoException error) when (error.Status < 500)
            {
                return SignInForm(page, username, PageMessage(error));
            }
        }));

        app.MapPost("/challenge", (HttpContext http) => Page.Run(http, async page =>
        {
            var form = await page.Form();
            var challenge = new InitiateAuthResponse(form["challenge"].ToString(), form["session"].ToString(),
                new Dictionary<string, string> { ["USER_ID_FOR_SRP"] = form["username"].ToString() }, null);
            var responses = new Dictionary<string, string> { ["USERNAME"] = form["username"].ToString() };
            switch (challenge.ChallengeName)
            {
                case "NEW_PASSWORD_REQUIRED":
                    if (form["password"] != form["confirm_password"]) return Challenges.Render(page, challenge, "The passwords do not match.");
                    responses["NEW_PASSWORD"] = form["password"].ToString();
                    foreach (var (key, value) in form.Where(f => f.Key.StartsWith("userAttributes.", StringComparison.Ordinal)))
                        responses[key] = value.ToString();
                    break;
                case "SMS_MFA" or "EMAIL_OTP" or "SOFTWARE_TOKEN_MFA" or "SMS_OTP":
                    responses[Challenges.CodeKey(challenge.ChallengeName)] = form["code"].ToString().Trim();
                    break;
                default:
                    throw new AuthorizeException("invalid_request", "This step of the sign-in is not known.");
            }
            try
            {
                return await page.Step(await page.Auth.PageRespond(page.Request.Pool, page.Request.Client, challenge.ChallengeName!,
                    challenge.Session, responses, page.Aborted));
            }
            catch (CognitoException error) when (error.Status < 500)
            {
                // A used-up or expired session cannot be answered again: back to the start.
                if (error.Type is "NotAuthorizedException" && error.Message.Contains("session", StringComparison.OrdinalIgnoreCase)
                    || error.Type == "ExpiredCodeException" && challenge.ChallengeName == "NEW_PASSWORD_REQUIRED")
                    return SignInForm(page, form["username"], PageMessage(error));
                return Challenges.Render(page, challenge, PageMessage(error));
            }
        }));

        app.MapGet("/logout", (HttpContext http) => http.Request.Query["logout_uri"] is { Count: > 0 } logoutUri
            ? Page.SignOut(http, logoutUri.ToString())
            : Page.Run(http, async page =>
            {
                await page.Login.EndSession(page.SessionCookie, page.Aborted);
                page.ClearSession();
                return Results.Redirect(page.PathFor("/login"));
            }));
    }

    private static Task<IResult> ShowSignInForm(Page page) => Task.FromResult(SignInForm(page, null, null));

    public static IResult SignInForm(Page page, string? username, string? error)
    {
        var body = Alert(error) + Form(page.PathFor("/login"), page.FormToken(),
            Field("username", "Username", value: username, autocomplete: "username") +
            Field("password", "Password", "password", autocomplete: "current-password") +
            Button("Sign in")) +
            $"""<div class="links">{Link(page.PathFor("/forgotPassword"), "Forgot your password?")}{Link(page.PathFor("/signup"), "Sign up")}</div>""";
        return page.Render("Sign in", body, error is null ? 200 : 400);
    }

    /// <summary>The message a page shows for a refused step: Cognito's own, which already says the same for an unknown user and a wrong password when the pool asks for it.</summary>
    public static string PageMessage(CognitoException error) => error.Message;
}
