using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CognitoLite.SampleWebApp;

/// <summary>
/// A web app that signs its users in through CognitoLite's managed login pages with ASP.NET Core's OpenIdConnect
/// handler (authorization code with PKCE) and keeps them in a cookie. Settings (configuration section "Cognito"):
/// Server (CognitoLite's base URL, http://localhost:9229 by default), UserPoolId, ClientId and, for a client with a
/// secret, ClientSecret.
/// </summary>
public static class SampleWebApp
{
    public static void AddCognitoSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(options =>
            {
                var cognito = builder.Configuration.GetSection("Cognito");
                var server = (cognito["Server"] ?? "http://localhost:9229").TrimEnd('/');
                var poolId = Required(cognito, "UserPoolId");
                // The discovery document names the issuer the handler checks tokens against: CognitoLite's own URL, or
                // AWS's form (https://cognito-idp.<region>.amazonaws.com/<poolId>) when it runs with IssuerStyle=aws.
                // Either way the document itself is served by CognitoLite, so the handler is pointed at it, not at an Authority.
                options.MetadataAddress = $"{server}/{poolId}/.well-known/openid-configuration";
                options.RequireHttpsMetadata = !new Uri(server).IsLoopback;
                options.ClientId = Required(cognito, "ClientId");
                options.ClientSecret = cognito["ClientSecret"];
                options.ResponseType = OpenIdConnectResponseType.Code;
                // Cognito has no form_post: the code comes back in the callback's query string, by a GET that
                // SameSite=Lax cookies reach. Lax cookies need not be Secure, so sign-in also works on http://localhost.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.UsePkce = true;
                options.SaveTokens = true;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("email");
                options.Scope.Add("profile");
                // Claims keep their JWT names (sub, email, cognito:username) rather than .NET's claim type URIs.
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "cognito:username";
                options.Events.OnRedirectToIdentityProviderForSignOut = SignOutAtCognito;
            });
    }

    public static void MapSamplePages(this WebApplication app)
    {
        app.UseAuthentication();

        app.MapGet("/", (HttpContext http) =>
        {
            var user = http.User;
            var body = user.Identity?.IsAuthenticated == true
                ? $"""
                   <p>Signed in as {E(user.Identity.Name)}</p>
                   <p>Tokens issued by {E(user.FindFirst("sub")?.Issuer)}</p>
                   <dl>{string.Concat(user.Claims.Select(c => $"<dt>{E(c.Type)}</dt><dd>{E(c.Value)}</dd>"))}</dl>
                   <p><a href="/signout">Sign out</a></p>
                   """
                : """<p><a href="/signin">Sign in</a></p>""";
            return Results.Content($"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>CognitoLite sample</title></head>
                <body><h1>CognitoLite sample web app</h1>{body}</body></html>
                """, "text/html; charset=utf-8");
        });

        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" },
            [OpenIdConnectDefaults.AuthenticationScheme]));

        // Ends the app's cookie first, then the login session at CognitoLite (see SignOutAtCognito).
        app.MapGet("/signout", () => Results.SignOut(null,
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
    }

    /// <summary>
    /// Cognito's /logout (the discovery document's end_session_endpoint) takes client_id and logout_uri, one of the
    /// client's sign-out URLs, instead of OpenID's post_logout_redirect_uri and id_token_hint. It sends the browser back
    /// to this app's home page.
    /// </summary>
    private static Task SignOutAtCognito(RedirectContext context)
    {
        var request = context.Request;
        var logoutUri = $"{request.Scheme}://{request.Host}{request.PathBase}/";
        context.Response.Redirect(QueryHelpers.AddQueryString(context.ProtocolMessage.IssuerAddress,
            new Dictionary<string, string?> { ["client_id"] = context.Options.ClientId, ["logout_uri"] = logoutUri }));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static string Required(IConfigurationSection section, string name) =>
        section[name] is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"Set {section.Path}:{name} (e.g. --{section.Path}:{name} <value>).");

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");
}
