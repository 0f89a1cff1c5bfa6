using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class SignUpPagesTestsOnPostgres(PostgresHost fixture) : SignUpPagesContract(fixture), IClassFixture<PostgresHost>;

public sealed class SignUpPagesTestsOnSqlite(SqliteHost fixture) : SignUpPagesContract(fixture), IClassFixture<SqliteHost>;

/// <summary>/signup and /confirmUser: the pool's attributes, the confirmation code from the outbox, the terms links, and the refusals.</summary>
public abstract class SignUpPagesContract(HostFixture fixture)
{
    private const string Password = IdpFlows.Password;

    /// <summary>Users must give an email (auto-verified: the code goes there) and a given name.</summary>
    public const string RequiredAttributesPool = """
        {
          "AutoVerifiedAttributes": ["email"],
          "Schema": [
            { "Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true },
            { "Name": "given_name", "AttributeDataType": "String", "Mutable": true, "Required": true }
          ]
        }
        """;

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    [Fact]
    public async Task Sign_up_asks_for_the_pools_required_attributes_then_the_emailed_code_and_the_user_signs_in_to_the_app()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("state", "s-9"), ("scope", "openid email profile")));
        var signUp = await Pages.Open(PageHtml.Href(signIn, "/signup"));

        Assert.Equal(HttpStatusCode.OK, signUp.Status);
        Assert.Equal("Sign up", PageHtml.Title(signUp));
        Assert.Equal(["Username", "Given name", "Email", "Password", "Confirm password"], PageHtml.Labels(signUp));
        Assert.Contains("""<input class="inputField-customizable" id="email" name="email" type="email" autocomplete="email" required>""", signUp.Html);
        Assert.Contains("<button class=\"btn btn-primary submitButton-customizable\" type=\"submit\">Sign up</button>", signUp.Html);

        var confirm = await Pages.Submit(signUp, ("username", "carol"), ("email", "carol@example.com"), ("given_name", "Carol"),
            ("password", Password), ("confirm_password", Password));
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Equal("Confirm your account", PageHtml.Title(confirm));
        Assert.Contains("We sent a code by email to c***@e***. Enter it below.", confirm.Html);
        Assert.Equal(["Code"], PageHtml.Labels(confirm));

        var confirmed = await Pages.Submit(confirm, ("code", await Pages.Flows.LatestCode(client.PoolId, "carol")));
        Assert.Equal("Sign in", PageHtml.Title(confirmed));
        Assert.Contains("Your account is confirmed. Sign in.", confirmed.Html);
        Assert.Contains("""name="username" type="text" value="carol" autocomplete="username" required>""", confirmed.Html);

        var back = await Pages.Submit(confirmed, ("username", "carol"), ("password", Password));
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        var parameters = back.RedirectParameters();
        Assert.Equal("s-9", parameters["state"]);
        var tokens = await Pages.Exchange(client, parameters["code"]);
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        Assert.Equal("carol", id["cognito:username"].Str());
        Assert.Equal("Carol", id["given_name"].Str());
        Assert.True(id["email_verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_client_with_a_secret_signs_up_and_confirms_through_the_pages()
    {
        var client = await Pages.WebClient(RequiredAttributesPool, """{ "GenerateSecret": true }""");
        Assert.NotNull(client.Secret);
        var signUp = await Pages.Open(SignUpUrl(client));

        var confirm = await Pages.Submit(signUp, ("username", "dave"), ("email", "dave@example.com"), ("given_name", "Dave"),
            ("password", Password), ("confirm_password", Password));
        Assert.Equal("Confirm your account", PageHtml.Title(confirm));
        var confirmed = await Pages.Submit(confirm, ("code", await Pages.Flows.LatestCode(client.PoolId, "dave")));

        Assert.Contains("Your account is confirmed. Sign in.", confirmed.Html);
        Assert.Equal("CONFIRMED", (await Pages.Flows.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "dave" }))["UserStatus"].Str());
    }

    [Fact]
    public async Task In_a_pool_whose_users_sign_in_with_their_email_the_email_is_the_sign_in_name()
    {
        var client = await Pages.WebClient("""{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        var signUp = await Pages.Open(SignUpUrl(client));
        Assert.Equal(["Email", "Password", "Confirm password"], PageHtml.Labels(signUp));
        Assert.Contains("""id="username" name="username" type="email" autocomplete="username" required>""", signUp.Html);

        var confirm = await Pages.Submit(signUp, ("username", "erin@example.com"), ("password", Password), ("confirm_password", Password));
        var confirmed = await Pages.Submit(confirm, ("code", await Pages.Flows.LatestCode(client.PoolId, "erin@example.com")));
        Assert.Equal("Sign in", PageHtml.Title(confirmed));
        Assert.Equal(["Email", "Password"], PageHtml.Labels(confirmed));

        var back = await Pages.Submit(confirmed, ("username", "erin@example.com"), ("password", Password));
        var tokens = await Pages.Exchange(client, back.RedirectParameters()["code"]);
        Assert.Equal("erin@example.com", TestJwt.Claims(tokens.Body!["id_token"].Str())["email"].Str());
    }

    [Fact]
    public async Task Mismatched_passwords_come_back_with_an_alert_and_what_was_typed_except_the_passwords()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        var signUp = await Pages.Open(SignUpUrl(client));

        var refused = await Pages.Submit(signUp, ("username", "frank"), ("email", "frank@example.com"), ("given_name", "<b>Frank</b>"),
            ("password", Password), ("confirm_password", Password + "x"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("The passwords do not match.", refused.Alert);
        Assert.Contains("value=\"frank\"", refused.Html);
        Assert.Contains("value=\"&lt;b&gt;Frank&lt;/b&gt;\"", refused.Html);
        Assert.DoesNotContain("<b>Frank", refused.Html);
        Assert.DoesNotContain(Password, refused.Html);
        Assert.Empty(await Pages.Flows.Messages(client.PoolId, "frank"));
    }

    [Fact]
    public async Task A_password_the_pools_policy_refuses_and_a_taken_username_are_Cognitos_messages()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        await Pages.Flows.SignUp(client, "gina", Password, ("email", "gina@example.com"), ("given_name", "Gina"));
        var signUp = await Pages.Open(SignUpUrl(client));

        var weak = await Pages.Submit(signUp, ("username", "gina2"), ("email", "gina2@example.com"), ("given_name", "Gina"),
            ("password", "short"), ("confirm_password", "short"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Equal("Password did not conform with policy: Password not long enough", weak.Alert);

        var taken = await Pages.Submit(weak, ("username", "gina"), ("email", "gina2@example.com"), ("given_name", "Gina"),
            ("password", Password), ("confirm_password", Password));
        Assert.Equal(HttpStatusCode.BadRequest, taken.Status);
        Assert.Equal("User already exists", taken.Alert);

        var missing = await Pages.Submit(taken, ("username", "gina3"), ("email", "gina3@example.com"), ("password", Password), ("confirm_password", Password));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("Attributes did not conform to the schema: given_name: The attribute given_name is required\n", missing.Alert);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_a_new_code_confirms_the_account()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        var confirm = await Pages.Submit(await Pages.Open(SignUpUrl(client)), ("username", "hank"), ("email", "hank@example.com"),
            ("given_name", "Hank"), ("password", Password), ("confirm_password", Password));
        var first = await Pages.Flows.LatestCode(client.PoolId, "hank");

        var wrong = await Pages.Submit(confirm, ("code", first == "000000" ? "000001" : "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Invalid verification code provided, please try again.", wrong.Alert);
        Assert.Contains("We sent a code by email to h***@e***. Enter it below.", wrong.Html);

        var resent = await Pages.Submit(wrong, ("action", "resend"));
        Assert.Equal(HttpStatusCode.OK, resent.Status);
        Assert.Contains("A new code is on its way. We sent a code by email to h***@e***. Enter it below.", resent.Html);
        Assert.Equal(2, (await Pages.Flows.Messages(client.PoolId, "hank")).Count);

        var confirmed = await Pages.Submit(resent, ("code", await Pages.Flows.LatestCode(client.PoolId, "hank")));
        Assert.Contains("Your account is confirmed. Sign in.", confirmed.Html);
    }

    [Fact]
    public async Task Signing_in_before_confirming_sends_a_new_code_and_shows_the_confirmation_page()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        await Pages.Flows.SignUp(client, "ivan", Password, ("email", "ivan@example.com"), ("given_name", "Ivan"));

        var confirm = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "ivan");

        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Equal("Confirm your account", PageHtml.Title(confirm));
        Assert.Contains("Your account is not confirmed yet. We sent a code by email to i***@e***. Enter it below.", confirm.Html);
        Assert.Equal(2, (await Pages.Flows.Messages(client.PoolId, "ivan")).Count);
        var confirmed = await Pages.Submit(confirm, ("code", await Pages.Flows.LatestCode(client.PoolId, "ivan")));
        var back = await Pages.Submit(confirmed, ("username", "ivan"), ("password", Password));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);

        // A wrong password of an unconfirmed user is only a wrong password.
        await Pages.Flows.SignUp(client, "jane", Password, ("email", "jane@example.com"), ("given_name", "Jane"));
        var refused = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("prompt", "login")), "jane", Password + "x");
        Assert.Equal("Incorrect username or password.", refused.Alert);
        Assert.Single(await Pages.Flows.Messages(client.PoolId, "jane"));
    }

    [Fact]
    public async Task A_bookmarked_confirmation_page_asks_for_the_username_too()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        await Pages.Flows.SignUp(client, "kim", Password, ("email", "kim@example.com"), ("given_name", "Kim"));
        var confirm = await Pages.Open(PageHtml.PathOf(client, "/confirmUser"));
        Assert.Equal(["Username", "Code"], PageHtml.Labels(confirm));

        var missing = await Pages.Submit(confirm, ("code", "123456"));
        Assert.Equal("Enter your username.", missing.Alert);
        var confirmed = await Pages.Submit(missing, ("username", "kim"), ("code", await Pages.Flows.LatestCode(client.PoolId, "kim")));
        Assert.Contains("Your account is confirmed. Sign in.", confirmed.Html);
    }

    [Fact]
    public async Task The_terms_links_show_in_the_pages_language_or_the_default_once_both_documents_exist()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        await Terms(client, "terms-of-use", """{ "cognito:default": "https://example.com/terms", "cognito:french": "https://example.com/fr/terms?a=1&b=2" }""");
        Assert.DoesNotContain("<p class=\"legalText-customizable\">", (await Pages.Open(SignUpUrl(client))).Html);

        await Terms(client, "privacy-policy", """{ "cognito:default": "https://example.com/privacy" }""");
        var english = await Pages.Open(SignUpUrl(client));
        Assert.Contains("""<p class="legalText-customizable">By signing up, you agree to the <a class="redirect-customizable" href="https://example.com/terms">Terms of use</a> and the <a class="redirect-customizable" href="https://example.com/privacy">Privacy policy</a>.</p>""", english.Html);

        var french = await Pages.Open(SignUpUrl(client, ("lang", "fr")));
        Assert.Contains("<html lang=\"fr\">", french.Html);
        Assert.Contains("""href="https://example.com/fr/terms?a=1&amp;b=2">Terms of use</a>""", french.Html);
        Assert.Contains("""href="https://example.com/privacy">Privacy policy</a>""", french.Html);
    }

    [Fact]
    public async Task A_pool_where_only_administrators_create_users_has_no_sign_up()
    {
        var client = await Pages.WebClient("""{ "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true } }""");
        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.DoesNotContain("/signup", signIn.Html);

        var signUp = await Pages.Open(SignUpUrl(client));
        Assert.Equal(HttpStatusCode.Forbidden, signUp.Status);
        Assert.Equal("Sign-up is not available here: an administrator creates the accounts.", signUp.Alert);
    }

    [Fact]
    public async Task A_sign_up_form_sent_twice_is_refused_the_second_time()
    {
        var client = await Pages.WebClient(RequiredAttributesPool);
        var signUp = await Pages.Open(SignUpUrl(client));
        var fields = new[] { ("username", "lena"), ("email", "lena@example.com"), ("given_name", "Lena"), ("password", Password), ("confirm_password", Password) };
        Assert.Equal(HttpStatusCode.OK, (await Pages.Submit(signUp, fields)).Status);

        var again = await Pages.Submit(signUp, fields);

        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
        Assert.Equal("The form has expired or was already sent. Go back to the sign-in page and try again.", again.Alert);
        Assert.Single(await Pages.Flows.Messages(client.PoolId, "lena"));
    }

    private static string SignUpUrl(TestClient client, params (string, string)[] extra) => PageHtml.PathOf(client, "/signup", extra);

    private Task<JsonNode> Terms(TestClient client, string name, string links) =>
        Pages.Flows.Aws.Idp("CreateTerms", $$"""
            { "UserPoolId": "{{client.PoolId}}", "ClientId": "{{client.Id}}", "TermsName": "{{name}}", "TermsSource": "LINK", "Enforcement": "NONE", "Links": {{links}} }
            """);
}

/// <summary>Reading the managed login pages' HTML in tests.</summary>
internal static partial class PageHtml
{
    /// <summary>A page of the pages (e.g. /signup) with the authorize request of <see cref="LoginPagesClient.AuthorizeUrl"/> as its query.</summary>
    public static string PathOf(TestClient client, string path, params (string Name, string Value)[] extra) =>
        path + LoginPagesClient.AuthorizeUrl(client, extra)["/oauth2/authorize".Length..];

    /// <summary>The page's HTML decoded, for text with characters the encoder escapes (`+`).</summary>
    public static string Text(PageAnswer page) => WebUtility.HtmlDecode(page.Html);

    public static string Title(PageAnswer page) => WebUtility.HtmlDecode(H1().Match(page.Html).Groups[1].Value);

    /// <summary>The text of the labels, in order; each names the input it is for.</summary>
    public static List<string> Labels(PageAnswer page) => LabelTag().Matches(page.Html).Select(m =>
    {
        Assert.Contains($"id=\"{m.Groups[1].Value}\"", page.Html);
        return WebUtility.HtmlDecode(m.Groups[2].Value);
    }).ToList();

    /// <summary>The decoded href of the first link to <paramref name="path"/>.</summary>
    public static string Href(PageAnswer page, string path)
    {
        var link = Regex.Match(page.Html, $"href=\"({Regex.Escape(path)}[^\"]*)\"");
        Assert.True(link.Success, $"No link to {path}:\n{page.Html}");
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    [GeneratedRegex("<h1>(.*?)</h1>")]
    private static partial Regex H1();

    [GeneratedRegex("<label class=\"label-customizable\" for=\"([^\"]*)\">(.*?)</label>")]
    private static partial Regex LabelTag();
}
