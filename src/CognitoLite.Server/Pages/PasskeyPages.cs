using System.Text.Json;
using CognitoLite.Core;
using CognitoLite.Core.Passkeys;
using CognitoLite.Core.Storage;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// The offer to add a passkey right after a sign-in at the pages, as managed login makes it: for a pool that allows
/// WEB_AUTHN, a client with USER_AUTH, a user without a passkey, and a browser on an origin of the pool's relying party.
/// The login session is open by then; a registered passkey or "Not now" goes on to the app.
/// </summary>
internal static class PasskeyPages
{
    private const string Path = "/passkey";

    public static void MapPasskeyPages(this WebApplication app) => app.MapPost(Path, (HttpContext http) => Page.Run(http, Answer));

    public static async Task<bool> Offered(Page page, User user)
    {
        var (pool, client) = (page.Request.Pool, page.Request.Client);
        if (client.Settings.ExplicitAuthFlows?.Contains("ALLOW_USER_AUTH") != true || !PasskeyService.Enabled(pool)) return false;
        if (await page.Services.GetRequiredService<PasskeySignIn>().Has(user, page.Aborted)) return false;
        try
        {
            return (await page.Services.GetRequiredService<RelyingParties>().Of(pool, page.Aborted)).Allows(page.Origin);
        }
        catch (CognitoException error) when (error.Type == "WebAuthnConfigurationMissingException")
        {
            return false;
        }
    }

    /// <summary>The page, with new CredentialCreationOptions for the script's navigator.credentials.create.</summary>
    public static async Task<IResult> Offer(Page page, User user, string? error)
    {
        var options = await page.Services.GetRequiredService<PasskeyService>().StartRegistration(user, page.Request.Client.Id, page.Aborted);
        var body = Alert(error) + Note("Next time, sign in with a passkey: your device's screen lock or a security key instead of a password.") +
            Form(page.PathFor(Path), page.FormToken(), Hidden("p.CREDENTIAL_CREATION_OPTIONS", options.ToJsonString()) + Hidden("credential", "") +
                """<button class="btn btn-primary submitButton-customizable" type="button" id="passkey-create">Add a passkey</button>""" +
                Button("Not now", "action", "skip", secondary: true)) +
            """<p class="textDescription-customizable" id="passkey-status" role="status"></p>""";
        return page.Render("Add a passkey", body, error is null ? 200 : 400, Challenges.PasskeyScript);
    }

    /// <summary>The offer's answer: the browser's new passkey, registered, or none; either way on to the app.</summary>
    private static async Task<IResult> Answer(Page page)
    {
        if (await page.Login.Session(page.Request.Pool, page.SessionCookie, page.Aborted) is not var (user, authTime))
            return Results.Redirect(page.PathFor("/login"));
        var credential = (await page.Form()).Value("credential");
        if (credential.Length > 0)
        {
            try
            {
                await page.Services.GetRequiredService<PasskeyService>()
                    .CompleteRegistration(user, page.Request.Client.Id, JsonSerializer.Deserialize<JsonElement>(credential), page.Aborted);
            }
            catch (JsonException)
            {
                return await Offer(page, user, "The browser's passkey could not be read.");
            }
            catch (CognitoException error) when (error.Status < 500)
            {
                return await Offer(page, user, error.Message);
            }
        }
        return Results.Redirect(await page.Login.Complete(page.Request, user, authTime, page.Aborted));
    }
}
