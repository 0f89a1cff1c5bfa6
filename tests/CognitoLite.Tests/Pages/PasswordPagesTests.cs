using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class PasswordPagesTestsOnPostgres(PostgresHost fixture) : PasswordPagesContract(fixture), IClassFixture<PostgresHost>;

public sealed class PasswordPagesTestsOnSqlite(SqliteHost fixture) : PasswordPagesContract(fixture), IClassFixture<SqliteHost>;

/// <summary>/forgotPassword and /confirmForgotPassword: the code from the outbox, the new password, and the refusals.</summary>
public abstract class PasswordPagesContract(HostFixture fixture)
{
    private const string NewPassword = "N3w-passw0rd!";

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    /// <summary>A web client of a pool whose users verify their email, and a user with a verified email.</summary>
    private async Task<TestClient> ClientWithUser(string username, string? clientSettings = null)
    {
        var client = await Pages.WebClient("""{ "AutoVerifiedAttributes": ["email"] }""", clientSettings);
        await Pages.Flows.VerifiedUser(client, username, username + "@example.com");
        return client;
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_with_the_emailed_code_and_the_new_one_signs_in()
    {
        var client = await ClientWithUser("mia");
        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("state", "s-3")));
        var forgot = await Pages.Open(PageHtml.Href(signIn, "/forgotPassword"));
        Assert.Equal("Forgot your password?", PageHtml.Title(forgot));
        Assert.Equal(["Username"], PageHtml.Labels(forgot));

        var reset = await Pages.Submit(forgot, ("username", "mia"));
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal("Reset your password", PageHtml.Title(reset));
        Assert.Contains("We sent a code by email to m***@e***. Enter it below.", reset.Html);
        Assert.Equal(["Code", "New password", "Confirm new password"], PageHtml.Labels(reset));

        var changed = await Pages.Submit(reset, ("code", await Pages.Flows.LatestCode(client.PoolId, "mia")),
            ("password", NewPassword), ("confirm_password", NewPassword));
        Assert.Equal("Sign in", PageHtml.Title(changed));
        Assert.Contains("Your password has been changed. Sign in with your new password.", changed.Html);

        var old = await Pages.Submit(changed, ("username", "mia"), ("password", IdpFlows.Password));
        Assert.Equal("Incorrect username or password.", old.Alert);
        var back = await Pages.Submit(old, ("username", "mia"), ("password", NewPassword));
        Assert.Equal("s-3", back.RedirectParameters()["state"]);
        Assert.Equal(HttpStatusCode.OK, (await Pages.Exchange(client, back.RedirectParameters()["code"])).Status);
    }

    [Fact]
    public async Task Mismatched_passwords_a_wrong_code_and_a_weak_password_are_refused_on_the_same_page()
    {
        var client = await ClientWithUser("noah");
        var reset = await Pages.Submit(await Pages.Open(PageHtml.PathOf(client, "/forgotPassword")), ("username", "noah"));
        var code = await Pages.Flows.LatestCode(client.PoolId, "noah");

        var mismatched = await Pages.Submit(reset, ("code", code), ("password", NewPassword), ("confirm_password", NewPassword + "x"));
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.Status);
        Assert.Equal("The passwords do not match.", mismatched.Alert);
        Assert.Contains("We sent a code by email to n***@e***. Enter it below.", mismatched.Html);

        var wrong = await Pages.Submit(mismatched, ("code", code == "000000" ? "000001" : "000000"), ("password", NewPassword), ("confirm_password", NewPassword));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Invalid verification code provided, please try again.", wrong.Alert);

        var weak = await Pages.Submit(wrong, ("code", code), ("password", "weakpass"), ("confirm_password", "weakpass"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Equal("Password did not conform with policy: Password must have uppercase characters", weak.Alert);

        var changed = await Pages.Submit(weak, ("code", code), ("password", NewPassword), ("confirm_password", NewPassword));
        Assert.Contains("Your password has been changed. Sign in with your new password.", changed.Html);
        Assert.NotNull((await Pages.Flows.SignIn(client, "noah", NewPassword))["AccessToken"]);
    }

    [Fact]
    public async Task With_user_existence_errors_prevented_an_unknown_user_gets_the_same_next_page()
    {
        // An email alias is verified: any user it names could be sent a code (other unknown names are sometimes answered
        // as users without a verified contact, as Cognito does; Auth/UserExistenceTests has those).
        var client = await Pages.WebClient("""{ "AutoVerifiedAttributes": ["email"], "AliasAttributes": ["email"] }""");
        await Pages.Flows.VerifiedUser(client, "olga", "olga@example.com");
        var known = await Pages.Submit(await Pages.Open(PageHtml.PathOf(client, "/forgotPassword")), ("username", "olga"));
        var unknown = await Pages.Submit(await Pages.Open(PageHtml.PathOf(client, "/forgotPassword")), ("username", "nobody@example.com"));

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(PageHtml.Title(known), PageHtml.Title(unknown));
        Assert.Equal(PageHtml.Labels(known), PageHtml.Labels(unknown));
        Assert.Contains("We sent a code by email to n***@e***. Enter it below.", unknown.Html);

        var refused = await Pages.Submit(unknown, ("code", "123456"), ("password", NewPassword), ("confirm_password", NewPassword));
        Assert.Equal("Invalid verification code provided, please try again.", refused.Alert);
    }

    [Fact]
    public async Task Without_the_prevention_an_unknown_user_is_said_to_be_unknown()
    {
        var client = await ClientWithUser("pete", """{ "PreventUserExistenceErrors": "LEGACY" }""");
        var forgot = await Pages.Open(PageHtml.PathOf(client, "/forgotPassword"));

        var refused = await Pages.Submit(forgot, ("username", "nobody"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Forgot your password?", PageHtml.Title(refused));
        Assert.Equal("Username/client id combination not found.", refused.Alert);
        Assert.Contains("value=\"nobody\"", refused.Html);
    }

    [Fact]
    public async Task A_bookmarked_reset_page_asks_for_the_username_and_an_empty_form_is_refused_before_cognito_sees_it()
    {
        var client = await ClientWithUser("rosa");
        await Pages.Flows.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "rosa" });
        var reset = await Pages.Open(PageHtml.PathOf(client, "/confirmForgotPassword"));
        Assert.Equal(["Username", "Code", "New password", "Confirm new password"], PageHtml.Labels(reset));

        var empty = await Pages.Submit(reset, ("username", "rosa"));
        Assert.Equal("Enter the code.", empty.Alert);
        var changed = await Pages.Submit(empty, ("code", await Pages.Flows.LatestCode(client.PoolId, "rosa")),
            ("password", NewPassword), ("confirm_password", NewPassword));
        Assert.Contains("Your password has been changed. Sign in with your new password.", changed.Html);
    }
}
