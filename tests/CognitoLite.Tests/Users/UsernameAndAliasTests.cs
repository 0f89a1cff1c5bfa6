using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Users;

public sealed class UsernameAndAliasTestsOnPostgres(PostgresHost fixture) : UsernameAndAliasContract(fixture), IClassFixture<PostgresHost>;

public sealed class UsernameAndAliasTestsOnSqlite(SqliteHost fixture) : UsernameAndAliasContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Email as the username (UsernameAttributes) and email as an alias (AliasAttributes, ForceAliasCreation).</summary>
public abstract class UsernameAndAliasContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private static string Claim(string token, string name) => TestJwt.Claims(token)[name]!.GetValue<string>();

    [Fact]
    public async Task In_an_email_as_username_pool_the_username_must_be_an_email()
    {
        var client = await _idp.CreatePoolAndClient("""{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");

        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignUp(client, "bob"), "Username should be an email.");
    }

    [Fact]
    public async Task In_an_email_as_username_pool_the_canonical_username_is_a_UUID_and_the_email_signs_in()
    {
        var client = await _idp.CreatePoolAndClient("""{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        var signedUp = await _idp.SignUp(client, "Bob@Example.com");
        Assert.Equal("B***@E***", signedUp["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>());

        await _idp.ConfirmSignUp(client, "Bob@Example.com", await _idp.LatestCode(client.PoolId, "Bob@Example.com"));
        var tokens = await _idp.SignIn(client, "bob@example.com");

        var username = Claim(tokens["AccessToken"]!.GetValue<string>(), "username");
        Assert.True(Guid.TryParse(username, out _), username);
        Assert.Equal(username, Claim(tokens["IdToken"]!.GetValue<string>(), "cognito:username"));
        Assert.Equal(signedUp["UserSub"]!.GetValue<string>(), Claim(tokens["AccessToken"]!.GetValue<string>(), "sub"));
        var user = await _idp.GetUser(tokens["AccessToken"]!.GetValue<string>());
        Assert.Equal(username, user["Username"]!.GetValue<string>());
        var attributes = await _idp.UserAttributes(tokens["AccessToken"]!.GetValue<string>());
        Assert.Equal("Bob@Example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
    }

    [Fact]
    public async Task In_an_email_as_username_pool_an_email_is_taken_in_any_case()
    {
        var client = await _idp.CreatePoolAndClient("""{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        await _idp.SignUp(client, "carol@example.com");

        await IdpFlows.Refused("UsernameExistsException", () => _idp.SignUp(client, "carol@example.com"));
        await IdpFlows.Refused("UsernameExistsException", () => _idp.SignUp(client, "CAROL@Example.COM"));
    }

    [Fact]
    public async Task In_an_alias_pool_a_username_in_email_format_is_refused()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");

        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignUp(client, "dave@example.com", IdpFlows.Password, ("email", "dave@example.com")));
    }

    [Fact]
    public async Task In_an_alias_pool_the_email_signs_in_only_once_it_is_verified()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        await _idp.SignUp(client, "erin", IdpFlows.Password, ("email", "erin@example.com"));

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "erin@example.com"), "Incorrect username or password.");

        await _idp.ConfirmSignUp(client, "erin", await _idp.LatestCode(client.PoolId, "erin"));

        var tokens = await _idp.SignIn(client, "Erin@Example.com");
        Assert.Equal("erin", Claim(tokens["AccessToken"]!.GetValue<string>(), "username"));
        Assert.Equal("erin", Claim(tokens["IdToken"]!.GetValue<string>(), "cognito:username"));
    }

    [Fact]
    public async Task ForceAliasCreation_moves_a_verified_email_alias_to_the_user_who_confirms_it()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        await _idp.VerifiedUser(client, "frank", "shared@example.com");
        Assert.Equal("frank", Claim((await _idp.SignIn(client, "shared@example.com"))["AccessToken"]!.GetValue<string>(), "username"));

        const string gracePassword = "Gr4ce-Password";
        await _idp.SignUp(client, "grace", gracePassword, ("email", "SHARED@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "grace");

        await IdpFlows.Refused("AliasExistsException", () => _idp.ConfirmSignUp(client, "grace", code));
        await _idp.ConfirmSignUp(client, "grace", code, forceAliasCreation: true);

        var graceTokens = await _idp.SignIn(client, "shared@example.com", gracePassword);
        Assert.Equal("grace", Claim(graceTokens["AccessToken"]!.GetValue<string>(), "username"));
        // Frank's password no longer works with the email: the email now names grace.
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "shared@example.com"), "Incorrect username or password.");
        var frankTokens = await _idp.SignIn(client, "frank");
        var frank = await _idp.UserAttributes(frankTokens["AccessToken"]!.GetValue<string>());
        Assert.Equal("false", frank["email_verified"]);
        Assert.Equal("true", (await _idp.UserAttributes(graceTokens["AccessToken"]!.GetValue<string>()))["email_verified"]);
    }
}
