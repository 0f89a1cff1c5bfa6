using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class AuthorizeTestsOnPostgres(PostgresHost fixture) : AuthorizeContract(fixture), IClassFixture<PostgresHost>;

public sealed class AuthorizeTestsOnSqlite(SqliteHost fixture) : AuthorizeContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// GET /oauth2/authorize and its errors (RFC 6749 §4.1.2.1, AWS's authorize endpoint): before the client and its
/// redirect_uri are known good, an error page and no redirect (no open redirector); after, back to the app with
/// error, error_description and the state.
/// </summary>
public abstract class AuthorizeContract(HostFixture fixture)
{
    private const string State = "s-\"<1>\"";

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    /// <summary>The authorize request goes back to the app with this error and the state, in the query or (implicit) in the fragment.</summary>
    private async Task RedirectsWithError(string url, string error, string redirectUri = LoginPagesClient.Callback, bool fragment = false)
    {
        var answer = await Pages.Get(url);
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"{answer.Status}\n{answer.Html}");
        Assert.StartsWith(redirectUri + (fragment ? "#" : "?"), answer.Location);
        var parameters = answer.RedirectParameters();
        Assert.Equal(["error", "error_description", "state"], parameters.Keys.Order());
        Assert.Equal(error, parameters["error"]);
        Assert.NotEmpty(parameters["error_description"]);
        Assert.Equal(State, parameters["state"]);
    }

    private static string Url(TestClient client, params (string, string)[] extra) =>
        LoginPagesClient.AuthorizeUrl(client, [("state", State), .. extra]);

    private async Task ShowsTheSignInForm(string url)
    {
        var page = await Pages.Open(url);
        Assert.True(page.Status == HttpStatusCode.OK, $"{page.Status} {page.Location}\n{page.Html}");
        Assert.StartsWith("/login?", page.Url);
        Assert.Contains("name=\"password\"", page.Html);
    }

    [Fact]
    public async Task A_valid_request_goes_to_the_sign_in_page_with_its_parameters()
    {
        var client = await Pages.WebClient();

        var answer = await Pages.Get(Url(client, ("scope", "openid email"), ("nonce", "n-1")));

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/login?", answer.Location);
        var parameters = answer.RedirectParameters();
        Assert.Equal(client.Id, parameters["client_id"]);
        Assert.Equal("code", parameters["response_type"]);
        Assert.Equal(LoginPagesClient.Callback, parameters["redirect_uri"]);
        Assert.Equal("openid email", parameters["scope"]);
        Assert.Equal(State, parameters["state"]);
        Assert.Equal("n-1", parameters["nonce"]);
        await ShowsTheSignInForm(answer.Location!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234567890abcdefghijklmnop")]
    [InlineData("a-client-id-that-is-far-too-long-to-be-one-a-client-id-that-is-far-too-long-to-be-one-a-client-id-that-is-far-too-long-to-be-one-x")]
    public async Task A_missing_or_unknown_client_id_is_an_error_page_without_a_redirect(string? clientId)
    {
        var url = "/oauth2/authorize?response_type=code&state=s&redirect_uri=" + Uri.EscapeDataString(LoginPagesClient.Callback) +
            (clientId is null ? "" : "&client_id=" + Uri.EscapeDataString(clientId));

        LoginPagesClient.IsErrorPage(await Pages.Get(url), "invalid_request");
    }

    [Fact]
    public async Task A_missing_redirect_uri_without_a_DefaultRedirectURI_is_an_error_page()
    {
        var client = await Pages.WebClient();

        LoginPagesClient.IsErrorPage(await Pages.Get($"/oauth2/authorize?client_id={client.Id}&response_type=code&state=s"), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get($"/oauth2/authorize?client_id={client.Id}&response_type=code&redirect_uri="), "invalid_request");
    }

    [Theory]
    [InlineData("https://evil.example.com/callback")]
    [InlineData("https://app.example.com/callback/")]
    [InlineData("https://app.example.com/callback?next=https://evil.example.com")]
    [InlineData("https://app.example.com/callback#x")]
    [InlineData("https://APP.example.com/callback")]
    [InlineData("http://app.example.com/callback")]
    [InlineData("https://app.example.com/callback/../evil")]
    [InlineData("https://app.example.com.evil.example/callback")]
    [InlineData("//evil.example.com/callback")]
    [InlineData("javascript:alert(1)")]
    public async Task A_redirect_uri_not_exactly_one_of_the_CallbackURLs_is_an_error_page_even_with_other_errors(string redirectUri)
    {
        var client = await Pages.WebClient();

        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("redirect_uri", redirectUri))), "redirect_mismatch");
        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("redirect_uri", redirectUri), ("response_type", "nonsense"))), "redirect_mismatch");
        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("redirect_uri", redirectUri), ("scope", "not-a-scope"))), "redirect_mismatch");
    }

    [Fact]
    public async Task Without_redirect_uri_the_clients_DefaultRedirectURI_is_used_for_the_code_and_for_errors()
    {
        const string other = "https://app.example.com/default";
        var client = await Pages.WebClient(clientSettings: $$"""
            { "CallbackURLs": ["{{LoginPagesClient.Callback}}", "{{other}}"], "DefaultRedirectURI": "{{other}}" }
            """);
        await Pages.Flows.ConfirmedUser(client, "dora");

        await RedirectsWithError($"/oauth2/authorize?client_id={client.Id}&response_type=code&state={Uri.EscapeDataString(State)}&scope=phone", "invalid_scope", other);
        var back = await Pages.SignIn($"/oauth2/authorize?client_id={client.Id}&response_type=code", "dora");

        Assert.StartsWith(other + "?code=", back.Location);
        Assert.Equal(HttpStatusCode.OK, (await Pages.Exchange(client, back.RedirectParameters()["code"], redirectUri: other)).Status);
    }

    [Fact]
    public async Task A_redirect_uri_with_a_query_keeps_it_and_gets_the_error_added()
    {
        const string withQuery = "https://app.example.com/callback?tenant=a%20b";
        var client = await Pages.WebClient(clientSettings: $$"""{ "CallbackURLs": ["{{withQuery}}"] }""");

        var answer = await Pages.Get(Url(client, ("redirect_uri", withQuery), ("response_type", "nonsense")));

        Assert.StartsWith(withQuery + "&error=unsupported_response_type&", answer.Location);
    }

    [Fact]
    public async Task A_missing_response_type_is_invalid_request_and_an_unknown_one_unsupported_response_type()
    {
        var client = await Pages.WebClient();

        await RedirectsWithError($"/oauth2/authorize?client_id={client.Id}&redirect_uri={Uri.EscapeDataString(LoginPagesClient.Callback)}&state={Uri.EscapeDataString(State)}",
            "invalid_request");
        foreach (var responseType in new[] { "id_token", "code token", "CODE", "code id_token", "none" })
            await RedirectsWithError(Url(client, ("response_type", responseType)), "unsupported_response_type");
    }

    [Fact]
    public async Task A_flow_the_client_is_not_allowed_is_unauthorized_client()
    {
        var implicitOnly = await Pages.WebClient(clientSettings: """{ "AllowedOAuthFlows": ["implicit"] }""");
        var codeOnly = await Pages.WebClientOf(implicitOnly.PoolId, """{ "AllowedOAuthFlows": ["code"] }""");
        var notOAuth = await Pages.WebClientOf(implicitOnly.PoolId, """{ "AllowedOAuthFlowsUserPoolClient": false }""");

        await RedirectsWithError(Url(implicitOnly), "unauthorized_client");
        await RedirectsWithError(Url(codeOnly, ("response_type", "token")), "unauthorized_client", fragment: true);
        await RedirectsWithError(Url(notOAuth), "unauthorized_client");
        await RedirectsWithError(Url(notOAuth, ("response_type", "token")), "unauthorized_client", fragment: true);
    }

    [Fact]
    public async Task A_client_without_COGNITO_among_its_identity_providers_is_unauthorized_client()
    {
        var client = await Pages.WebClient(clientSettings: """{ "SupportedIdentityProviders": [] }""");

        await RedirectsWithError(Url(client), "unauthorized_client");
    }

    [Fact]
    public async Task A_scope_the_client_is_not_allowed_is_invalid_scope()
    {
        var client = await Pages.WebClient();

        foreach (var scope in new[] { "phone", "openid phone", "orders/read", "OPENID", "openid,email", " " })
            await RedirectsWithError(Url(client, ("scope", scope)), "invalid_scope");
        await ShowsTheSignInForm(Url(client, ("scope", "openid  profile")));
    }

    [Fact]
    public async Task PKCE_takes_only_S256_and_a_well_formed_challenge()
    {
        var client = await Pages.WebClient();
        var (_, challenge) = LoginPagesClient.Pkce();

        await RedirectsWithError(Url(client, ("code_challenge", challenge), ("code_challenge_method", "plain")), "invalid_request");
        await RedirectsWithError(Url(client, ("code_challenge", challenge)), "invalid_request");
        await RedirectsWithError(Url(client, ("code_challenge", challenge), ("code_challenge_method", "s256")), "invalid_request");
        // A method without its challenge would be a code without PKCE that the app believes has it.
        await RedirectsWithError(Url(client, ("code_challenge_method", "S256")), "invalid_request");
        foreach (var malformed in new[] { challenge[..42], challenge + new string('a', 86), challenge[..42] + "=", challenge[..42] + "+", challenge[..42] + "/" })
            await RedirectsWithError(Url(client, ("code_challenge", malformed), ("code_challenge_method", "S256")), "invalid_request");
        await ShowsTheSignInForm(Url(client, ("code_challenge", challenge), ("code_challenge_method", "S256")));
    }

    [Fact]
    public async Task An_identity_provider_the_client_does_not_have_is_invalid_request()
    {
        var client = await Pages.WebClient();

        await RedirectsWithError(Url(client, ("identity_provider", "Google")), "invalid_request");
        await RedirectsWithError(Url(client, ("idp_identifier", "example.com")), "invalid_request");
        await ShowsTheSignInForm(Url(client, ("identity_provider", "COGNITO")));
    }

    [Fact]
    public async Task Prompt_none_without_a_session_is_login_required_and_an_unknown_prompt_invalid_request()
    {
        var client = await Pages.WebClient();

        await RedirectsWithError(Url(client, ("prompt", "none")), "login_required");
        await RedirectsWithError(Url(client, ("prompt", "none"), ("response_type", "token")), "login_required", fragment: true);
        await RedirectsWithError(Url(client, ("prompt", "bogus")), "invalid_request");
        await RedirectsWithError(Url(client, ("prompt", "none login")), "invalid_request");
    }

    [Fact]
    public async Task Prompt_select_account_and_consent_which_Cognito_passes_to_identity_providers_show_the_form()
    {
        var client = await Pages.WebClient();

        await ShowsTheSignInForm(Url(client, ("prompt", "select_account")));
        await ShowsTheSignInForm(Url(client, ("prompt", "consent")));
        await ShowsTheSignInForm(Url(client, ("prompt", "login consent")));
    }

    [Fact]
    public async Task A_parameter_given_twice_is_an_error_page()
    {
        var client = await Pages.WebClient();
        var url = Url(client);

        LoginPagesClient.IsErrorPage(await Pages.Get(url + "&state=other"), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get(url + "&redirect_uri=" + Uri.EscapeDataString("https://evil.example.com/")), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get(url + "&client_id=" + client.Id), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get(url + "&scope=openid&scope=email"), "invalid_request");
    }

    [Fact]
    public async Task A_huge_parameter_is_an_error_page()
    {
        var client = await Pages.WebClient();

        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("state", new string('s', 5000)))), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("redirect_uri", "https://app.example.com/" + new string('a', 5000)))), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("nonce", new string('n', 3000)))), "invalid_request");
        // Past the server's limit on a request line, the request is refused before the pages see it.
        var tooLong = await Pages.Get(Url(client, ("nonce", new string('n', 10_000))));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.Status);
        Assert.Null(tooLong.Location);
    }

    [Fact]
    public async Task The_sign_in_page_checks_the_request_again()
    {
        var client = await Pages.WebClient();

        LoginPagesClient.IsErrorPage(await Pages.Get($"/login?client_id={client.Id}&response_type=code&redirect_uri=" + Uri.EscapeDataString("https://evil.example.com/")),
            "redirect_mismatch");
        LoginPagesClient.IsErrorPage(await Pages.Get("/login?client_id=nope&response_type=code"), "invalid_request");
        await RedirectsWithError(Url(client, ("scope", "phone")).Replace("/oauth2/authorize", "/login"), "invalid_scope");
    }
}
