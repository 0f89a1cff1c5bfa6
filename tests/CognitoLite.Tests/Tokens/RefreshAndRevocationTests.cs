using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Tokens;

public sealed class RefreshAndRevocationTestsOnPostgres(PostgresHost fixture) : RefreshAndRevocationContract(fixture), IClassFixture<PostgresHost>;

public sealed class RefreshAndRevocationTestsOnSqlite(SqliteHost fixture) : RefreshAndRevocationContract(fixture), IClassFixture<SqliteHost>;

/// <summary>REFRESH_TOKEN_AUTH, RevokeToken, GlobalSignOut and AdminUserGlobalSignOut.</summary>
public abstract class RefreshAndRevocationContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private static string Text(JsonNode result, string name) => result[name]!.GetValue<string>();

    private static string Claim(string token, string name) => TestJwt.Claims(token)[name]!.ToJsonString();

    private async Task<(TestClient Client, JsonNode Tokens)> SignedIn(string? clientSettings = null, string username = "alice")
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), clientSettings);
        await _idp.ConfirmedUser(client, username, $"{username}@example.com");
        return (client, await _idp.SignIn(client, username));
    }

    [Fact]
    public async Task Refresh_returns_new_access_and_id_tokens_of_the_same_origin_and_no_refresh_token()
    {
        var (client, tokens) = await SignedIn();

        var response = await _idp.Refresh(client, Text(tokens, "RefreshToken"));

        var result = response["AuthenticationResult"]!;
        Assert.Null(result["RefreshToken"]);
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", Text(result, "TokenType"));
        foreach (var name in new[] { "AccessToken", "IdToken" })
        {
            Assert.NotEqual(Text(tokens, name), Text(result, name));
            Assert.Equal(Claim(Text(tokens, name), "origin_jti"), Claim(Text(result, name), "origin_jti"));
            Assert.Equal(Claim(Text(tokens, name), "auth_time"), Claim(Text(result, name), "auth_time"));
            Assert.Equal(Claim(Text(tokens, name), "sub"), Claim(Text(result, name), "sub"));
            Assert.NotEqual(Claim(Text(tokens, name), "jti"), Claim(Text(result, name), "jti"));
        }
        Assert.Equal("alice", (await _idp.GetUser(Text(result, "AccessToken")))["Username"]!.GetValue<string>());
        // The refresh token keeps working, and so do the tokens from the first sign-in.
        await _idp.Refresh(client, Text(tokens, "RefreshToken"));
        await _idp.GetUser(Text(tokens, "AccessToken"));
    }

    [Fact]
    public async Task A_refresh_token_of_another_client_or_garbage_is_NotAuthorized()
    {
        var (client, tokens) = await SignedIn();
        var other = await _idp.CreateClient(client.PoolId);
        var otherPool = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(other, Text(tokens, "RefreshToken")), "Invalid Refresh Token");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(otherPool, Text(tokens, "RefreshToken")), "Invalid Refresh Token");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, "not-a-refresh-token"), "Invalid Refresh Token");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, Text(tokens, "AccessToken")), "Invalid Refresh Token");
        await IdpFlows.Refused("InvalidParameterException", () => _idp.InitiateAuth(client, "REFRESH_TOKEN_AUTH", new()));
    }

    [Fact]
    public async Task RevokeToken_stops_the_refresh_token_and_the_tokens_it_issued_but_not_other_sign_ins()
    {
        var (client, tokens) = await SignedIn();
        var otherSignIn = await _idp.SignIn(client, "alice");
        var refreshed = (await _idp.Refresh(client, Text(tokens, "RefreshToken")))["AuthenticationResult"]!;

        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = Text(tokens, "RefreshToken") });

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, Text(tokens, "RefreshToken")), "Refresh Token has been revoked");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(Text(tokens, "AccessToken")));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(Text(refreshed, "AccessToken")));
        await _idp.GetUser(Text(otherSignIn, "AccessToken"));
        await _idp.Refresh(client, Text(otherSignIn, "RefreshToken"));
        // Revoking again is accepted (RFC 7009: revoking an already revoked token is not an error).
        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = Text(tokens, "RefreshToken") });
    }

    [Fact]
    public async Task GlobalSignOut_stops_every_refresh_and_access_token_of_the_user_and_a_new_sign_in_works()
    {
        var (client, tokens) = await SignedIn();
        var second = await _idp.SignIn(client, "alice");
        var bystander = await _idp.ConfirmedUser(client, "bob");
        var bob = await _idp.SignIn(client, "bob");

        await _idp.Aws.Idp("GlobalSignOut", new { AccessToken = Text(tokens, "AccessToken") });

        foreach (var signIn in new[] { tokens, second })
        {
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, Text(signIn, "RefreshToken")));
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(Text(signIn, "AccessToken")));
        }
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Aws.Idp("GlobalSignOut", new { AccessToken = Text(tokens, "AccessToken") }));
        Assert.Equal(bystander, Claim(Text(bob, "AccessToken"), "sub").Trim('"'));
        await _idp.GetUser(Text(bob, "AccessToken"));

        var fresh = await _idp.SignIn(client, "alice");
        await _idp.GetUser(Text(fresh, "AccessToken"));
        await _idp.Refresh(client, Text(fresh, "RefreshToken"));
    }

    [Fact]
    public async Task AdminUserGlobalSignOut_stops_every_token_of_the_user()
    {
        var (client, tokens) = await SignedIn();

        await _idp.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = "ALICE" });

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, Text(tokens, "RefreshToken")));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(Text(tokens, "AccessToken")));
        var fresh = await _idp.SignIn(client, "alice");
        await _idp.GetUser(Text(fresh, "AccessToken"));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = "nobody" }));
    }

    [Fact]
    public async Task Refresh_with_a_client_secret_needs_a_SECRET_HASH_over_the_username_or_the_sub()
    {
        var (client, tokens) = await SignedIn("""{ "GenerateSecret": true }""");
        var refreshToken = Text(tokens, "RefreshToken");
        var sub = Claim(Text(tokens, "AccessToken"), "sub").Trim('"');

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken),
            $"Client {client.Id} is configured with secret but SECRET_HASH was not received");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken, "someone-else"),
            $"Unable to verify secret hash for client {client.Id}");
        Assert.NotNull((await _idp.Refresh(client, refreshToken, "alice"))["AuthenticationResult"]!["AccessToken"]);
        Assert.NotNull((await _idp.Refresh(client, refreshToken, sub))["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task RevokeToken_checks_the_client_secret_and_the_token_type()
    {
        var (client, tokens) = await SignedIn("""{ "GenerateSecret": true }""");
        var refreshToken = Text(tokens, "RefreshToken");

        await IdpFlows.Refused("UnauthorizedException", () => _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = refreshToken }));
        await IdpFlows.Refused("UnauthorizedException", () => _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = refreshToken, ClientSecret = "wrongsecret" }));
        await IdpFlows.Refused("UnsupportedTokenTypeException", () => _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = Text(tokens, "AccessToken"), ClientSecret = client.Secret }));
        await _idp.Refresh(client, refreshToken, "alice");

        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = refreshToken, ClientSecret = client.Secret });
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken, "alice"));
    }

    [Fact]
    public async Task A_refresh_token_of_another_client_cannot_be_revoked_by_it()
    {
        var (client, tokens) = await SignedIn();
        var other = await _idp.CreateClient(client.PoolId);

        // Whether AWS answers this with an error or silently (RFC 7009 style) is not settled; the token must survive either way.
        try
        {
            await _idp.Aws.Idp("RevokeToken", new { ClientId = other.Id, Token = Text(tokens, "RefreshToken") });
        }
        catch (AwsErrorException)
        {
        }
        await _idp.Refresh(client, Text(tokens, "RefreshToken"));
        await _idp.GetUser(Text(tokens, "AccessToken"));
    }

    [Fact]
    public async Task RevokeToken_is_UnsupportedOperation_when_the_client_disabled_revocation()
    {
        var (client, tokens) = await SignedIn("""{ "EnableTokenRevocation": false }""");

        await IdpFlows.Refused("UnsupportedOperationException", () => _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = Text(tokens, "RefreshToken") }));
        await _idp.Refresh(client, Text(tokens, "RefreshToken"));
    }
}
