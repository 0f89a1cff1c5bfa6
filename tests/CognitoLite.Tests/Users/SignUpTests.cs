using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Users;

public sealed class SignUpTestsOnPostgres(PostgresHost fixture) : SignUpContract(fixture), IClassFixture<PostgresHost>;

public sealed class SignUpTestsOnSqlite(SqliteHost fixture) : SignUpContract(fixture), IClassFixture<SqliteHost>;

/// <summary>SignUp through the real host: what it returns, what it sends and what it refuses.</summary>
public abstract class SignUpContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    [Fact]
    public async Task SignUp_returns_the_sub_unconfirmed_and_where_the_code_went_when_email_is_auto_verified()
    {
        var client = await _idp.CreatePoolAndClient();

        var result = await _idp.SignUp(client, "alice", IdpFlows.Password, ("email", "alice@example.com"));

        Assert.True(Guid.TryParse(result["UserSub"]!.GetValue<string>(), out _));
        Assert.False(result["UserConfirmed"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" }"""),
            result["CodeDeliveryDetails"]), result.ToJsonString());

        var messages = await _idp.Messages(client.PoolId, "alice");
        var message = Assert.Single(messages)!;
        Assert.Equal("SignUp", message["kind"]!.GetValue<string>());
        Assert.Equal("EMAIL", message["medium"]!.GetValue<string>());
        Assert.Equal("alice@example.com", message["destination"]!.GetValue<string>());
        Assert.Equal("alice", message["username"]!.GetValue<string>());
        Assert.Equal(client.PoolId, message["userPoolId"]!.GetValue<string>());
        var code = message["code"]!.GetValue<string>();
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains(code, message["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_without_auto_verified_attributes_delivers_no_code()
    {
        var client = await _idp.CreatePoolAndClient("{}");

        var result = await _idp.SignUp(client, "bob", IdpFlows.Password, ("email", "bob@example.com"));

        Assert.False(result["UserConfirmed"]!.GetValue<bool>());
        Assert.Null(result["CodeDeliveryDetails"]);
        Assert.Empty(await _idp.Messages(client.PoolId, "bob"));
    }

    [Fact]
    public async Task A_taken_username_is_refused_with_UsernameExistsException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "carol");

        await IdpFlows.Refused("UsernameExistsException", () => _idp.SignUp(client, "carol"), "User already exists");
    }

    [Fact]
    public async Task Usernames_differing_only_in_case_collide_in_a_default_pool_and_sign_in_ignores_case()
    {
        var client = await _idp.CreatePoolAndClient("{}");
        await _idp.SignUp(client, "Alice");

        await IdpFlows.Refused("UsernameExistsException", () => _idp.SignUp(client, "alice"));

        await _idp.AdminConfirmSignUp(client.PoolId, "ALICE");
        var tokens = await _idp.SignIn(client, "aLiCe");
        Assert.Equal("Alice", TestJwt.Claims(tokens["AccessToken"]!.GetValue<string>())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usernames_differing_only_in_case_are_two_users_in_a_case_sensitive_pool()
    {
        var client = await _idp.CreatePoolAndClient("""{ "UsernameConfiguration": { "CaseSensitive": true } }""");
        var upper = await _idp.SignUp(client, "Alice");
        var lower = await _idp.SignUp(client, "alice", "Other0ne!");
        Assert.NotEqual(upper["UserSub"]!.GetValue<string>(), lower["UserSub"]!.GetValue<string>());
        await _idp.AdminConfirmSignUp(client.PoolId, "Alice");
        await _idp.AdminConfirmSignUp(client.PoolId, "alice");

        var tokens = await _idp.SignIn(client, "Alice");
        Assert.Equal(upper["UserSub"]!.GetValue<string>(), TestJwt.Claims(tokens["AccessToken"]!.GetValue<string>())["sub"]!.GetValue<string>());
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "alice"), "Incorrect username or password.");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "ALICE"), "Incorrect username or password.");
    }

    [Theory]
    [InlineData("Sh0rt!", "Password did not conform with policy: Password not long enough")]
    [InlineData("PASSW0RD!", "Password did not conform with policy: Password must have lowercase characters")]
    [InlineData("passw0rd!", "Password did not conform with policy: Password must have uppercase characters")]
    [InlineData("Password!", "Password did not conform with policy: Password must have numeric characters")]
    [InlineData("Passw0rd1", "Password did not conform with policy: Password must have symbol characters")]
    public async Task A_password_against_the_default_policy_is_refused_with_the_policy_message(string password, string message)
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("InvalidPasswordException", () => _idp.SignUp(client, "dave", password), message);
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "dave" }));
    }

    [Fact]
    public async Task The_pool_password_policy_decides()
    {
        var client = await _idp.CreatePoolAndClient("""{ "Policies": { "PasswordPolicy": { "MinimumLength": 12, "RequireUppercase": false, "RequireLowercase": true, "RequireNumbers": false, "RequireSymbols": false } } }""");

        await IdpFlows.Refused("InvalidPasswordException", () => _idp.SignUp(client, "erin", "Passw0rd!"), "Password did not conform with policy: Password not long enough");
        await _idp.SignUp(client, "erin", "longlowercasepassword");
    }

    [Fact]
    public async Task An_attribute_outside_the_schema_is_refused_with_InvalidParameterException()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignUp(client, "frank", IdpFlows.Password, ("favourite_colour", "blue")));
        await IdpFlows.Refused("InvalidParameterException", () => _idp.SignUp(client, "frank", IdpFlows.Password, ("custom:missing", "x")));
    }

    [Fact]
    public async Task A_missing_required_attribute_is_refused_with_InvalidParameterException()
    {
        var client = await _idp.CreatePoolAndClient("""{ "Schema": [ { "Name": "email", "Required": true } ] }""");

        var error = await IdpFlows.Refused("InvalidParameterException", () => _idp.SignUp(client, "grace"));
        Assert.Contains("email", error.AwsMessage, StringComparison.Ordinal);
        await _idp.SignUp(client, "grace", IdpFlows.Password, ("email", "grace@example.com"));
    }

    [Fact]
    public async Task An_attribute_the_client_may_not_write_is_refused_with_NotAuthorizedException()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """{ "WriteAttributes": ["email"] }""");

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignUp(client, "heidi", IdpFlows.Password, ("given_name", "Heidi")));
        await _idp.SignUp(client, "heidi", IdpFlows.Password, ("email", "heidi@example.com"));
    }

    [Fact]
    public async Task A_client_with_a_secret_needs_the_right_SecretHash()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """{ "GenerateSecret": true }""");
        Assert.NotNull(client.Secret);

        var missing = await IdpFlows.Refused("NotAuthorizedException", () =>
            _idp.Aws.Idp("SignUp", new { ClientId = client.Id, Username = "ivan", Password = IdpFlows.Password }));
        Assert.Equal($"Client {client.Id} is configured with secret but SECRET_HASH was not received", missing.AwsMessage);

        var wrongHash = IdpFlows.SecretHash(client.Secret!, "someone-else", client.Id);
        var wrong = await IdpFlows.Refused("NotAuthorizedException", () =>
            _idp.Aws.Idp("SignUp", new { ClientId = client.Id, Username = "ivan", Password = IdpFlows.Password, SecretHash = wrongHash }));
        Assert.Equal($"Unable to verify secret hash for client {client.Id}", wrong.AwsMessage);

        var right = await _idp.Aws.Idp("SignUp", new { ClientId = client.Id, Username = "ivan", Password = IdpFlows.Password, SecretHash = IdpFlows.SecretHash(client.Secret!, "ivan", client.Id) });
        Assert.True(Guid.TryParse(right["UserSub"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task SignUp_is_refused_when_only_admins_may_create_users()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true } }""");

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignUp(client, "judy"), "SignUp is not permitted for this user pool");
    }

    [Fact]
    public async Task SignUp_of_an_unknown_client_is_ResourceNotFoundException()
    {
        await IdpFlows.Refused("ResourceNotFoundException", () => _idp.SignUp(new TestClient("us-east-1_none", "abcdefghijklmnopqrstuvwxyz", null), "kate"));
    }
}
