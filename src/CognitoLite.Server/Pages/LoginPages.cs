using CognitoLite.Core;
using CognitoLite.Core.Auth;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Mfa;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using System.Text;
using CognitoLite.Server.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// /oauth2/authorize, /logout and the managed login pages (spec/tokens.md §5): server-rendered forms that work without
/// JavaScript. Every page carries the authorize request in its query string and checks it again; every POST spends a
/// one-time anti-forgery token bound to the browser's cookie. A sign-in ends with a login session cookie and the
/// redirect back to the app with a code (or, for the implicit flow, tokens). The pages' text is English whatever `lang`
/// asks for; `lang` sets the pages' language attribute and picks the terms documents' links.
/// </summary>
internal static class LoginPages
{
    public static void MapManagedLogin(this WebApplication app)
    {
        app.MapGet("/oauth2/authorize", (HttpContext http) => Page.Run(http, async page =>
        {
            var request = page.Request;
            if (request.IdentityProvider is not null)
            {
                var redirect = await page.Services.GetRequiredService<FederatedSignIn>().Start(request, page.Aborted);
                page.BindFederatedSignIn(redirect.BrowserBinding);
                return Results.Redirect(redirect.Url);
            }
            if (request.Prompt != "login" && await page.Login.Session(request.Pool, page.SessionCookie, page.Aborted) is { } session)
                return Results.Redirect(await page.Login.Complete(request, session.User, session.AuthTime, page.Aborted));
            if (request.Prompt == "none")
                throw new AuthorizeException("login_required", "The user is not signed in.", request.RedirectUri, request.State, request.ResponseType == "token");
            return Results.Redirect(page.PathFor("/login"));
        }));

        // The provider's answer: a GET, or a form POST from Apple (response_mode=form_post).
        app.MapGet(FederatedSignIn.IdpResponsePath, IdpResponse);
        app.MapPost(FederatedSignIn.IdpResponsePath, IdpResponse);
        app.MapPost(FederatedSignIn.SamlResponsePath, SamlResponse);

        app.MapGet("/login", (HttpContext http) => Page.Run(http, ShowSignInForm));
        app.MapPost("/login", (HttpContext http) => Page.Run(http, SignIn));
        app.MapPost("/challenge", (HttpContext http) => Page.Run(http, async page =>
        {
            var form = await page.Form();
            var challenge = Challenges.FromForm(form);
            try
            {
                return await Answer(page, challenge, form);
            }
            catch (CognitoException error) when (error.Status < 500)
            {
                return Challenges.EndsSignIn(error, challenge.ChallengeName)
                    ? SignInForm(page, form.Value("username"), PageMessage(error))
                    : await Challenges.Render(page, challenge, PageMessage(error));
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

        app.MapGet(Challenges.PasskeyScript, (HttpContext http) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Stream(typeof(LoginPages).Assembly.GetManifestResourceStream("passkey.js")!, "text/javascript; charset=utf-8");
        });
        app.MapPasskeyPages();
        app.MapSignUpPages();
        app.MapPasswordPages();
        app.MapBrandingAssets();
    }

    /// <summary>The provider's answer: a GET, or a form POST from Apple (response_mode=form_post).</summary>
    private static Task IdpResponse(HttpContext http) => Page.ProviderAnswer(http, (answer, browserBinding) =>
        http.RequestServices.GetRequiredService<FederatedSignIn>().Finish(answer, browserBinding, http.RequestAborted));

    /// <summary>
    /// A SAML IdP's Response (HTTP-POST binding). The browser-binding cookie comes with a cross-site POST only over HTTPS
    /// (SameSite=None), so on plain HTTP (development) a Response without it is taken on the strength of its RelayState.
    /// </summary>
    private static Task SamlResponse(HttpContext http) => Page.Federated(http, async () =>
    {
        var form = new QueryCollection(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(RequestBody.Decode(http.Request, await RequestBody.Read(http.Request, http.RequestAborted)))));
        var binding = Page.FederatedSignInBinding(http);
        return await http.RequestServices.GetRequiredService<FederatedSignIn>().FinishSaml(Page.Single(form, "SAMLResponse"), Page.Single(form, "RelayState"),
            binding, bindingRequired: http.Request.IsHttps || binding is not null, http.RequestAborted);
    });

    private static Task<IResult> ShowSignInForm(Page page) => Task.FromResult(SignInForm(page, null, null));

    /// <summary>
    /// The sign-in form: a password, or (a button each) a one-time code by email or SMS, or a passkey, when the client allows
    /// choice-based sign-in and the pool's sign-in policy offers it. A right password of an unconfirmed user sends a new confirmation code
    /// and shows the confirmation page, as Cognito's pages do.
    /// </summary>
    private static async Task<IResult> SignIn(Page page)
    {
        var form = await page.Form();
        var (pool, client) = (page.Request.Pool, page.Request.Client);
        var username = form.Value("username");
        if (!page.Request.UsesPoolUsers) return SignInForm(page, username, "Sign in with one of the identity providers below.");
        var method = form.Value("method");
        if (method.Length > 0 && !ChoiceMethods(page).Contains(method)) return SignInForm(page, username, "This way of signing in is not available.");
        if (username.Length == 0) return SignInForm(page, username, $"Enter your {UsernameLabel(page).ToLowerInvariant()}.");
        if (method.Length == 0 && form.Value("password").Length == 0) return SignInForm(page, username, "Enter your password.");
        try
        {
            return await Next(page, username, method.Length > 0
                ? await page.Auth.PageCodeSignIn(pool, client, username, method, page.Aborted)
                : await page.Auth.PagePasswordSignIn(pool, client, username, form.Value("password"), page.Aborted));
        }
        catch (CognitoException error) when (error.Type == "UserNotConfirmedException")
        {
            return await SignUpPages.ConfirmAfterSignIn(page, username, PageMessage(error));
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            return SignInForm(page, username, PageMessage(error));
        }
    }

    /// <summary>A challenge page's answer, checked as far as the page can before the sign-in sees it (so that a typing slip does not use up an attempt or the session).</summary>
    private static async Task<IResult> Answer(Page page, InitiateAuthResponse challenge, Dictionary<string, StringValues> form)
    {
        var name = challenge.ChallengeName!;
        var session = challenge.Session;
        var responses = new Dictionary<string, string> { ["USERNAME"] = form.Value("username") };
        switch (name)
        {
            case "NEW_PASSWORD_REQUIRED":
                var password = form.Value("password");
                if (password != form.Value("confirm_password")) return await Challenges.Render(page, challenge, "The passwords do not match.");
                responses["NEW_PASSWORD"] = password;
                foreach (var (key, value) in form.Where(f => f.Key.StartsWith("userAttributes.", StringComparison.Ordinal)))
                    responses[key] = value.ToString();
                break;
            case "SMS_MFA" or "EMAIL_OTP" or "SOFTWARE_TOKEN_MFA" or "SMS_OTP":
                var code = form.Value("code").Trim();
                if (code.Length == 0) return await Challenges.Render(page, challenge, "Enter the code.");
                responses[Challenges.CodeKey(name)] = code;
                break;
            case "SELECT_MFA_TYPE":
                responses["ANSWER"] = form.Value("answer");
                break;
            case FirstFactors.WebAuthn:
                var credential = form.Value("credential");
                if (credential.Length == 0) return await Challenges.Render(page, challenge, "Use your passkey to sign in.");
                responses["CREDENTIAL"] = credential;
                break;
            case "SELECT_CHALLENGE":
                responses["ANSWER"] = form.Value("answer");
                if (responses["ANSWER"] == FirstFactors.Password)
                {
                    if (form.Value("password").Length == 0) return await Challenges.Render(page, challenge, "Enter your password.");
                    responses["PASSWORD"] = form.Value("password");
                }
                break;
            case MfaChallenges.Setup:
                var userCode = form.Value("code").Trim();
                if (!Challenges.IsCode(userCode)) return await Challenges.Render(page, challenge, "Enter the 6-digit code from your authenticator app.");
                // The app is verified with the challenge session, which gives the session that answers MFA_SETUP.
                session = (await page.Services.GetRequiredService<SoftwareTokenSetup>()
                    .VerifySoftwareToken(new VerifySoftwareTokenRequest { Session = session, UserCode = userCode }, page.Aborted)).Session;
                break;
            default:
                throw new AuthorizeException("invalid_request", "This step of the sign-in is not known.");
        }
        return await Next(page, responses["USERNAME"], await page.Auth.PageRespond(page.Request.Pool, page.Request.Client, name, session, responses, page.Aborted));
    }

    /// <summary>
    /// The end of a sign-in step: the next challenge's page, or the session cookie and the way back to the app. A challenge
    /// that does not name the user (SELECT_CHALLENGE) is answered with the name the user typed.
    /// </summary>
    private static async Task<IResult> Next(Page page, string username, PageSignIn step)
    {
        if (step.User is not null) return await page.Step(step, offerPasskey: true);
        var challenge = step.Challenge!;
        var parameters = challenge.ChallengeParameters ?? [];
        if (!parameters.ContainsKey("USER_ID_FOR_SRP") && !parameters.ContainsKey("USERNAME"))
            challenge = challenge with { ChallengeParameters = new Dictionary<string, string>(parameters) { ["USER_ID_FOR_SRP"] = username } };
        return await Challenges.Render(page, challenge, null);
    }

    public static IResult SignInForm(Page page, string? username, string? error, string? note = null)
    {
        var codeButtons = ChoiceMethods(page).Select(method => Button(MethodLabel(method), "method", method, secondary: true));
        var providers = (page.Request.Client.Settings.SupportedIdentityProviders ?? []).Where(p => p != "COGNITO").ToList();
        var providerLinks = providers.Count == 0 ? "" : $"""<div class="links">{string.Concat(providers.Select(p =>
            Link(QueryHelpers.AddQueryString(page.PathFor("/oauth2/authorize"), "identity_provider", p), $"Sign in with {p}")))}</div>""";
        if (!page.Request.UsesPoolUsers) return page.Render("Sign in", Alert(error) + providerLinks, error is null ? 200 : 400);
        var body = Alert(error) + Note(note) + Form(page.PathFor("/login"), page.FormToken(),
            Field("username", UsernameLabel(page), value: username, autocomplete: "username") +
            Field("password", "Password", "password", autocomplete: "current-password") +
            Button("Sign in") + string.Concat(codeButtons)) +
            Links(Link(page.PathFor("/forgotPassword"), "Forgot your password?"),
                SignUpPages.Allowed(page) ? Link(page.PathFor("/signup"), "Need an account? Sign up") : "") + providerLinks;
        return page.Render("Sign in", body, error is null ? 200 : 400);
    }

    /// <summary>
    /// The other ways to sign in the page offers beside the password: a code by email (EMAIL_OTP) or SMS (SMS_OTP), and a
    /// passkey (WEB_AUTHN), when the client allows USER_AUTH and the pool's sign-in policy has them.
    /// </summary>
    private static List<string> ChoiceMethods(Page page) =>
        page.Request.Client.Settings.ExplicitAuthFlows?.Contains("ALLOW_USER_AUTH") == true
            ? FirstFactors.OfPool(page.Request.Pool.Settings).Where(f => f is FirstFactors.EmailOtp or FirstFactors.SmsOtp or FirstFactors.WebAuthn).ToList()
            : [];

    public static string MethodLabel(string method) => method switch
    {
        FirstFactors.EmailOtp => "Sign in with a code sent by email",
        FirstFactors.SmsOtp => "Sign in with a code sent by text message",
        _ => "Sign in with a passkey",
    };

    /// <summary>What the pool's users sign in with: a username, or their email or phone number when the pool has UsernameAttributes.</summary>
    public static string UsernameLabel(Page page) => (page.Request.Pool.Settings.UsernameAttributes ?? []) switch
    {
        ["email"] => "Email",
        ["phone_number"] => "Phone number",
        { Count: > 0 } => "Email or phone number",
        _ => "Username",
    };

    /// <summary>
    /// The message a page shows for a refused step: Cognito's own, which already says the same for an unknown user and a
    /// wrong password when the pool asks for it; a few that only make sense to a developer are said plainly.
    /// </summary>
    public static string PageMessage(CognitoException error) => error.Type switch
    {
        "EnableSoftwareTokenMFAException" => "The code does not match. Enter the code your authenticator app shows now.",
        _ => error.Message,
    };

    /// <summary>The SECRET_HASH the client would send for this name (none for a public client): the pages are the client's front end.</summary>
    public static string? SecretHash(Page page, string username) =>
        page.Services.GetRequiredService<UserDirectory>().SecretHashFor(page.Request.Client, username);

    /// <summary>A form field's value, empty when the form has none.</summary>
    public static string Value(this Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : "";
}
