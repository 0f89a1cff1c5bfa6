using System.Net;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class BrandingPagesTestsOnPostgres(PostgresHost fixture) : BrandingPagesContract(fixture), IClassFixture<PostgresHost>;

public sealed class BrandingPagesTestsOnSqlite(SqliteHost fixture) : BrandingPagesContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// The pages' look: the hosted UI (classic) customisation (CSS and logo) of SetUICustomization, the managed login branding
/// style of a pool whose domain is managed login version 2, Cognito's class names, and `lang`.
/// </summary>
public abstract partial class BrandingPagesContract(HostFixture fixture)
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static readonly string Svg = Convert.ToBase64String(
        """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>"""u8.ToArray());

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    private AwsClient Aws => Pages.Flows.Aws;

    [Fact]
    public async Task The_pools_classic_CSS_goes_into_the_pages_nonced_style_and_its_logo_is_served_as_an_image()
    {
        var client = await Pages.WebClient();
        var set = (await Aws.Idp("SetUICustomization", new { UserPoolId = client.PoolId, CSS = ".submitButton-customizable { background-color: #ff9900; }", ImageFile = Png }))["UICustomization"]!;

        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));

        var style = StyleOf(signIn);
        Assert.EndsWith("\n.submitButton-customizable { background-color: #ff9900; }", style);
        var logo = LogoOf(signIn);
        Assert.Equal($"/{client.PoolId}/ALL/{set["CSSVersion"].Str()}/assets/images/image.png", logo);
        Assert.EndsWith(logo, set["ImageUrl"].Str());
        var image = await Pages.Http.GetAsync(logo);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Convert.FromBase64String(Png), await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Pages.Http.GetAsync(logo.Replace(set["CSSVersion"].Str(), "20000101000000"))).StatusCode);

        // Every page of the client wears it, the error page of a form sent twice included.
        Assert.EndsWith("#ff9900; }", StyleOf(await Pages.Open(PageHtml.PathOf(client, "/signup"))));
        Assert.Equal(HttpStatusCode.BadRequest, (await Pages.Submit(signIn, ("username", "x"), ("password", "y"))).Status);
        var replayed = await Pages.Submit(signIn, ("username", "x"), ("password", "y"));
        Assert.Equal(HttpStatusCode.Forbidden, replayed.Status);
        Assert.EndsWith("#ff9900; }", StyleOf(replayed));
    }

    [Fact]
    public async Task A_clients_own_classic_customisation_wins_over_the_pools()
    {
        var client = await Pages.WebClient();
        var other = await Pages.Flows.CreateClient(client.PoolId, """{ "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["https://app.example.com/callback"], "SupportedIdentityProviders": ["COGNITO"] }""");
        await Aws.Idp("SetUICustomization", new { UserPoolId = client.PoolId, CSS = ".label-customizable { color: #111111; }" });
        await Aws.Idp("SetUICustomization", new { UserPoolId = client.PoolId, ClientId = client.Id, CSS = ".label-customizable { color: #222222; }" });

        var own = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var pools = await Pages.Open(LoginPagesClient.AuthorizeUrl(other));

        Assert.EndsWith("#222222; }", StyleOf(own));
        Assert.DoesNotContain("#111111", own.Html);
        Assert.EndsWith("#111111; }", StyleOf(pools));
        Assert.DoesNotContain("logo-customizable", own.Html);
    }

    [Fact]
    public async Task A_managed_login_domain_shows_the_clients_branding_style_colours_and_logo_and_nothing_else_of_its_settings()
    {
        var client = await Pages.WebClient();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = client.PoolId, Domain = "p" + Guid.NewGuid().ToString("N")[..12], ManagedLoginVersion = 2 });
        await Aws.Idp("SetUICustomization", new { UserPoolId = client.PoolId, CSS = ".label-customizable { color: #111111; }" });
        var style = (await Aws.Idp("CreateManagedLoginBranding", $$"""
            {
              "UserPoolId": "{{client.PoolId}}", "ClientId": "{{client.Id}}",
              "Settings": {
                "components": {
                  "primaryButton": { "lightMode": { "defaults": { "backgroundColor": "123456ff", "textColor": "FFFFFFFF" }, "hover": { "backgroundColor": "654321ff" } } },
                  "pageBackground": { "lightMode": { "color": "fafafaff" }, "darkMode": { "color": "000000ff" } },
                  "form": { "borderRadius": 16.0, "lightMode": { "backgroundColor": "ffffffff", "borderColor": "c6c6cdff" }, "logo": { "enabled": true } }
                },
                "componentClasses": {
                  "link": { "lightMode": { "defaults": { "textColor": "red;}</style><script>alert(1)</script>" } } },
                  "input": { "borderRadius": "8px;}body{display:none" }
                }
              },
              "Assets": [ { "Category": "FORM_LOGO", "ColorMode": "LIGHT", "Extension": "SVG", "Bytes": "{{Svg}}" } ]
            }
            """))["ManagedLoginBranding"]!;

        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));

        Assert.Equal(
            "body.background-customizable{background-color:#fafafaff}main{background-color:#ffffffff;border:1px solid #c6c6cdff;border-radius:16px}" +
            ".submitButton-customizable{background-color:#123456ff;border-color:#123456ff;color:#ffffffff}.submitButton-customizable:hover{background-color:#654321ff}",
            StyleOf(signIn)[(StyleOf(signIn).LastIndexOf('\n') + 1)..]);
        Assert.DoesNotContain("#111111", signIn.Html);
        Assert.DoesNotContain("alert(1)", signIn.Html);
        var logo = LogoOf(signIn);
        Assert.Matches($"^/managed-login/assets/{style["ManagedLoginBrandingId"].Str()}/[0-9]+/FORM_LOGO/LIGHT$", logo);
        var image = await Pages.Http.GetAsync(logo);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; sandbox", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Convert.FromBase64String(Svg), await image.Content.ReadAsByteArrayAsync());

        // A changed style is a new look at once, and its old image URLs are gone.
        await Aws.Idp("UpdateManagedLoginBranding", $$"""
            { "UserPoolId": "{{client.PoolId}}", "ManagedLoginBrandingId": "{{style["ManagedLoginBrandingId"].Str()}}",
              "Settings": { "categories": { "global": { "colorSchemeMode": "DYNAMIC" } }, "components": { "pageBackground": { "lightMode": { "color": "fafafaff" }, "darkMode": { "color": "000000ff" } } } } }
            """);
        var updated = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.EndsWith("body.background-customizable{background-color:#fafafaff}@media (prefers-color-scheme: dark){body.background-customizable{background-color:#000000ff}}", StyleOf(updated));
        Assert.NotEqual(logo, LogoOf(updated));
        Assert.Equal(HttpStatusCode.NotFound, (await Pages.Http.GetAsync(logo)).StatusCode);
    }

    [Fact]
    public async Task Without_a_managed_login_domain_a_branding_style_is_not_applied()
    {
        var client = await Pages.WebClient();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = client.PoolId, Domain = "p" + Guid.NewGuid().ToString("N")[..12], ManagedLoginVersion = 1 });
        await Aws.Idp("CreateManagedLoginBranding", $$"""
            { "UserPoolId": "{{client.PoolId}}", "ClientId": "{{client.Id}}", "Settings": { "components": { "pageBackground": { "lightMode": { "color": "fafafaff" } } } } }
            """);

        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));

        Assert.DoesNotContain("#fafafaff", signIn.Html);
    }

    [Fact]
    public async Task The_pages_keep_Cognitos_class_names_and_take_their_language_from_lang()
    {
        var client = await Pages.WebClient();

        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("lang", "de")));
        var refused = await Pages.Submit(signIn, ("username", "nobody"), ("password", "wrong-password"));

        Assert.Contains("<html lang=\"de\">", signIn.Html);
        foreach (var name in new[] { "background-customizable", "banner-customizable", "label-customizable", "inputField-customizable", "submitButton-customizable", "redirect-customizable" })
            Assert.Matches($"class=\"([^\"]* )?{name}\"", signIn.Html);
        Assert.Contains("""<div class="errorMessage-customizable" role="alert">Incorrect username or password.</div>""", refused.Html);
        Assert.Contains("<html lang=\"de\">", refused.Html);
        Assert.Contains("<html lang=\"en\">", (await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("lang", "xx")))).Html);
        Assert.Contains("class=\"textDescription-customizable\"", (await Pages.Open(PageHtml.PathOf(client, "/forgotPassword"))).Html);
    }

    /// <summary>The page's style element, checked to carry the nonce its Content-Security-Policy allows.</summary>
    private static string StyleOf(PageAnswer page)
    {
        var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "style-src 'nonce-([^']+)'").Groups[1].Value;
        var style = Regex.Match(page.Html, $"<style nonce=\"{Regex.Escape(nonce)}\">(.*?)</style>", RegexOptions.Singleline);
        Assert.True(style.Success, $"No style with the nonce {nonce}:\n{page.Html}");
        Assert.Single(Regex.Matches(page.Html, "<style"));
        return style.Groups[1].Value;
    }

    private static string LogoOf(PageAnswer page) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, """<img class="logo-customizable" src="([^"]+)" alt="Logo">""").Groups[1].Value);
}
