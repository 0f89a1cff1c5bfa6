using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Auth;

public sealed class PasswordSignInTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : PasswordSignInContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class PasswordSignInTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : PasswordSignInContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH, their errors and the lockout; the host's clock is a ManualClock.</summary>
public abstract class PasswordSignInContract(ManualClockHost fixture)
{
    private const string Incorrect = "Incorrect username or password.";
    private const string Exceeded = "Password attempts exceeded";

    private readonly IdpFlows _idp = new(fixture.Host);

    private static long Number(JsonNode claims, string name) => claims[name]!.GetValue<long>();

    [Fact]
    public async Task A_confirmed_user_gets_access_id_and_refresh_tokens()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "alice", "alice@example.com");

        var response = await _idp.PasswordAuth(client, "alice");

        Assert.Null(response["ChallengeName"]);
        Assert.Null(response["Session"]);
        var result = response["AuthenticationResult"]!;
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", result["TokenType"]!.GetValue<string>());
        Assert.Equal(3, result["AccessToken"]!.GetValue<string>().Split('.').Length);
        Assert.Equal(3, result["IdToken"]!.GetValue<string>().Split('.').Length);
        Assert.Matches("^[A-Za-z0-9-_=.]+$", result["RefreshToken"]!.GetValue<string>());
        var access = TestJwt.Claims(result["AccessToken"]!.GetValue<string>());
        Assert.Equal(3600, Number(access, "exp") - Number(access, "iat"));
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), Number(access, "iat"));
    }

    [Fact]
    public async Task USER_PASSWORD_AUTH_needs_the_flow_enabled_on_the_client()
    {
        var poolId = await _idp.CreatePool();
        var srpOnly = await _idp.CreateClient(poolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        var defaults = await _idp.CreateClient(poolId, """{ "ExplicitAuthFlows": null }""");
        await _idp.ConfirmedUser(srpOnly, "bob");

        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignIn(srpOnly, "bob"), "USER_PASSWORD_AUTH flow not enabled for this client");
        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignIn(defaults, "bob"), "USER_PASSWORD_AUTH flow not enabled for this client");
    }

    [Fact]
    public async Task AdminInitiateAuth_signs_in_with_ADMIN_USER_PASSWORD_AUTH_when_the_client_allows_it()
    {
        var poolId = await _idp.CreatePool();
        var client = await _idp.CreateClient(poolId);
        var userOnly = await _idp.CreateClient(poolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"] }""");
        await _idp.ConfirmedUser(client, "carol");

        var response = await _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = poolId, ClientId = client.Id, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "carol", ["PASSWORD"] = IdpFlows.Password },
        });
        var access = response["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();
        Assert.Equal("carol", (await _idp.GetUser(access))["Username"]!.GetValue<string>());

        await IdpFlows.Refused("InvalidParameterException", () => _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = poolId, ClientId = userOnly.Id, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "carol", ["PASSWORD"] = IdpFlows.Password },
        }), "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = poolId, ClientId = client.Id, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "carol", ["PASSWORD"] = "Wr0ng-password" },
        }), Incorrect);
        await IdpFlows.Refused("InvalidParameterException", () => _idp.InitiateAuth(client, "ADMIN_USER_PASSWORD_AUTH",
            new() { ["USERNAME"] = "carol", ["PASSWORD"] = IdpFlows.Password }));
    }

    [Fact]
    public async Task An_unconfirmed_user_with_the_right_password_is_UserNotConfirmed()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "dave", IdpFlows.Password, ("email", "dave@example.com"));

        await IdpFlows.Refused("UserNotConfirmedException", () => _idp.SignIn(client, "dave"));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "dave", "Wr0ng-password"), Incorrect);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_read_the_same_unless_the_client_is_LEGACY()
    {
        var poolId = await _idp.CreatePool();
        var enabled = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "ENABLED" }""");
        var legacy = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "LEGACY" }""");
        await _idp.ConfirmedUser(enabled, "erin");

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(enabled, "erin", "Wr0ng-password"), Incorrect);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(enabled, "nobody"), Incorrect);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(legacy, "erin", "Wr0ng-password"), Incorrect);
        await IdpFlows.Refused("UserNotFoundException", () => _idp.SignIn(legacy, "nobody"), "User does not exist.");
    }

    [Fact]
    public async Task Token_validity_comes_from_the_client()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """
            { "AccessTokenValidity": 10, "IdTokenValidity": 20, "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "minutes" } }
            """);
        await _idp.ConfirmedUser(client, "frank");

        var result = await _idp.SignIn(client, "frank");

        Assert.Equal(600, result["ExpiresIn"]!.GetValue<int>());
        var access = TestJwt.Claims(result["AccessToken"]!.GetValue<string>());
        Assert.Equal(600, Number(access, "exp") - Number(access, "iat"));
        var id = TestJwt.Claims(result["IdToken"]!.GetValue<string>());
        Assert.Equal(1200, Number(id, "exp") - Number(id, "iat"));
    }

    [Fact]
    public async Task A_client_with_a_secret_needs_SECRET_HASH_to_sign_in()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """{ "GenerateSecret": true }""");
        await _idp.ConfirmedUser(client, "grace");

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.InitiateAuth(client, "USER_PASSWORD_AUTH",
            new() { ["USERNAME"] = "grace", ["PASSWORD"] = IdpFlows.Password }),
            $"Client {client.Id} is configured with secret but SECRET_HASH was not received");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.InitiateAuth(client, "USER_PASSWORD_AUTH",
            new() { ["USERNAME"] = "grace", ["PASSWORD"] = IdpFlows.Password, ["SECRET_HASH"] = IdpFlows.SecretHash(client.Secret!, "grace", "another-client") }),
            $"Unable to verify secret hash for client {client.Id}");
        Assert.NotNull((await _idp.SignIn(client, "grace"))["AccessToken"]);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_until_the_window_passes_then_the_count_starts_again()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "heidi");

        for (var i = 0; i < 5; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "heidi", "Wr0ng-password"), Incorrect);

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "heidi"), Exceeded);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull((await _idp.SignIn(client, "heidi"))["AccessToken"]);

        // The success reset the counter: four more failures do not lock, the fifth does.
        for (var i = 0; i < 4; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "heidi", "Wr0ng-password"), Incorrect);
        Assert.NotNull((await _idp.SignIn(client, "heidi"))["AccessToken"]);
        for (var i = 0; i < 5; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "heidi", "Wr0ng-password"), Incorrect);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "heidi"), Exceeded);
    }

    [Fact]
    public async Task The_lockout_window_doubles_with_each_failure_past_the_limit()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "ivan");
        for (var i = 0; i < 5; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "ivan", "Wr0ng-password"), Incorrect);

        // Locked for 1 s; once it passes, a sixth wrong password is checked and locks for 2 s.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "ivan", "Wr0ng-password"), Incorrect);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "ivan"), Exceeded);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await _idp.SignIn(client, "ivan"))["AccessToken"]);
    }

    [Fact]
    public async Task A_right_password_that_still_ends_in_an_error_gives_its_attempt_back()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "judy");
        for (var i = 0; i < 4; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "judy", "Wr0ng-password"), Incorrect);
        await _idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "judy" });

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "judy"), "User is disabled.");

        // The right password cleared the count although the sign-in failed: four more failures do not lock.
        await _idp.Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "judy" });
        for (var i = 0; i < 4; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "judy", "Wr0ng-password"), Incorrect);
        Assert.NotNull((await _idp.SignIn(client, "judy"))["AccessToken"]);
    }

    [Fact]
    public async Task Changes_to_the_client_and_the_pool_apply_to_the_next_sign_in()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "kim");
        Assert.NotNull((await _idp.SignIn(client, "kim"))["AccessToken"]);

        await _idp.Aws.Idp("UpdateUserPoolClient", new { UserPoolId = client.PoolId, ClientId = client.Id, ExplicitAuthFlows = new[] { "ALLOW_USER_SRP_AUTH" } });
        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignIn(client, "kim"), "USER_PASSWORD_AUTH flow not enabled for this client");

        await _idp.Aws.Idp("UpdateUserPoolClient", new { UserPoolId = client.PoolId, ClientId = client.Id, ExplicitAuthFlows = IdpFlows.PasswordFlows });
        Assert.NotNull((await _idp.SignIn(client, "kim"))["AccessToken"]);
        await _idp.Aws.Idp("UpdateUserPool", new { UserPoolId = client.PoolId, AdminCreateUserConfig = new { AllowAdminCreateUserOnly = true } });
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignUp(client, "lee"), "SignUp is not permitted for this user pool");

        await _idp.Aws.Idp("DeleteUserPoolClient", new { UserPoolId = client.PoolId, ClientId = client.Id });
        await IdpFlows.Refused("ResourceNotFoundException", () => _idp.SignIn(client, "kim"));
    }
}
