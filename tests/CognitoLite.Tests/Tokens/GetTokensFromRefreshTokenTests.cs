using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Tokens;

public sealed class GetTokensFromRefreshTokenTestsOnPostgres(ManualClockHost<OnPostgres> fixture)
    : GetTokensFromRefreshTokenContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class GetTokensFromRefreshTokenTestsOnSqlite(ManualClockHost<OnSqlite> fixture)
    : GetTokensFromRefreshTokenContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// GetTokensFromRefreshToken (Amplify v6's only refresh) and the app client's RefreshTokenRotation, on either store;
/// the host's clock is a ManualClock, moved for grace periods and expiry.
/// </summary>
public abstract class GetTokensFromRefreshTokenContract(ManualClockHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private ManualClock Clock => fixture.Clock;

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static string Claim(string token, string name) => TestJwt.Claims(token)[name]!.ToJsonString();

    private static string Rotation(int grace) => $$"""{ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": {{grace}} } }""";

    private async Task<(TestClient Client, JsonNode Tokens)> SignedIn(string? clientSettings = null, string username = "alice")
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), clientSettings);
        await _idp.ConfirmedUser(client, username, $"{username}@example.com");
        return (client, await _idp.SignIn(client, username));
    }

    private async Task<JsonNode> GetTokens(TestClient client, string refreshToken, string? clientSecret = null, string? deviceKey = null)
    {
        var body = new JsonObject { ["ClientId"] = client.Id, ["RefreshToken"] = refreshToken };
        if (clientSecret is not null) body["ClientSecret"] = clientSecret;
        if (deviceKey is not null) body["DeviceKey"] = deviceKey;
        return (await _idp.Aws.Idp("GetTokensFromRefreshToken", body.ToJsonString()))["AuthenticationResult"]!;
    }

    private Task<AwsErrorException> Refused(string type, TestClient client, string refreshToken, string? message = null, string? clientSecret = null) =>
        IdpFlows.Refused(type, () => GetTokens(client, refreshToken, clientSecret), message);

    [Fact]
    public async Task Without_rotation_it_returns_new_access_and_id_tokens_of_the_same_origin_and_no_refresh_token()
    {
        var (client, tokens) = await SignedIn();
        var refreshToken = Text(tokens, "RefreshToken");

        var result = await GetTokens(client, refreshToken, deviceKey: "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");

        Assert.Null(result["RefreshToken"]);
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", Text(result, "TokenType"));
        foreach (var name in new[] { "AccessToken", "IdToken" })
        {
            Assert.NotEqual(Text(tokens, name), Text(result, name));
            Assert.Equal(Claim(Text(tokens, name), "origin_jti"), Claim(Text(result, name), "origin_jti"));
            Assert.Equal(Claim(Text(tokens, name), "auth_time"), Claim(Text(result, name), "auth_time"));
        }
        Assert.Equal(client.Id, Claim(Text(result, "IdToken"), "aud").Trim('"'));
        Assert.Equal("alice", Text(await _idp.GetUser(Text(result, "AccessToken")), "Username"));
        // The refresh token keeps working, with this operation and with REFRESH_TOKEN_AUTH.
        await GetTokens(client, refreshToken);
        await _idp.Refresh(client, refreshToken);
    }

    [Fact]
    public async Task App_clients_describe_their_rotation_DISABLED_by_default_and_as_given_and_Update_resets_it()
    {
        var poolId = await _idp.CreatePool();
        async Task<JsonNode> Describe(string clientId) =>
            (await _idp.Aws.Idp("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!["RefreshTokenRotation"]!;

        var plain = await _idp.CreateClient(poolId);
        var rotating = await _idp.CreateClient(poolId, Rotation(45));

        Expect.Contains("""{ "Feature": "DISABLED", "RetryGracePeriodSeconds": 0 }""", await Describe(plain.Id));
        Expect.Contains("""{ "Feature": "ENABLED", "RetryGracePeriodSeconds": 45 }""", await Describe(rotating.Id));
        await _idp.Aws.Idp("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = rotating.Id });
        Expect.Contains("""{ "Feature": "DISABLED", "RetryGracePeriodSeconds": 0 }""", await Describe(rotating.Id));

        await IdpFlows.Refused("InvalidParameterException", () => _idp.CreateClient(poolId, Rotation(61)));
        await IdpFlows.Refused("InvalidParameterException", () => _idp.CreateClient(poolId, """{ "RefreshTokenRotation": { "RetryGracePeriodSeconds": 10 } }"""));
        await IdpFlows.Refused("InvalidParameterException", () => _idp.CreateClient(poolId, """{ "RefreshTokenRotation": { "Feature": "ON" } }"""));
    }

    [Fact]
    public async Task With_rotation_each_refresh_returns_a_new_refresh_token_and_the_old_one_is_reused_at_once_without_grace()
    {
        var (client, tokens) = await SignedIn(Rotation(0));
        var first = Text(tokens, "RefreshToken");

        var second = await GetTokens(client, first);
        var third = await GetTokens(client, Text(second, "RefreshToken"));

        Assert.NotEqual(first, Text(second, "RefreshToken"));
        Assert.NotEqual(Text(second, "RefreshToken"), Text(third, "RefreshToken"));
        // One family: the same origin, so every access token of it stays valid until the family is revoked.
        Assert.Equal(Claim(Text(tokens, "AccessToken"), "origin_jti"), Claim(Text(third, "AccessToken"), "origin_jti"));
        await _idp.GetUser(Text(tokens, "AccessToken"));
        await _idp.GetUser(Text(third, "AccessToken"));
        await Refused("RefreshTokenReuseException", client, first);
        await Refused("RefreshTokenReuseException", client, Text(second, "RefreshToken"));
        await GetTokens(client, Text(third, "RefreshToken"));
    }

    [Fact]
    public async Task With_a_grace_period_the_replaced_token_works_for_retries_within_it_and_is_refused_after()
    {
        var (client, tokens) = await SignedIn(Rotation(30));
        var first = Text(tokens, "RefreshToken");

        var second = Text(await GetTokens(client, first), "RefreshToken");
        Clock.Advance(TimeSpan.FromSeconds(29));
        var retried = Text(await GetTokens(client, first), "RefreshToken");
        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.NotEqual(second, retried);
        await Refused("RefreshTokenReuseException", client, first);
        // The retry replaced the token of the first refresh in turn: it has its own grace period.
        await GetTokens(client, second);
        Clock.Advance(TimeSpan.FromSeconds(31));
        await Refused("RefreshTokenReuseException", client, second);
    }

    [Fact]
    public async Task Rotated_tokens_keep_the_expiry_of_the_sign_in_and_are_stored_hashed()
    {
        var (client, tokens) = await SignedIn("""
            { "RefreshTokenValidity": 60, "TokenValidityUnits": { "RefreshToken": "minutes" },
              "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 } }
            """);
        var first = Text(tokens, "RefreshToken");
        Clock.Advance(TimeSpan.FromMinutes(40));

        var rotated = Text(await GetTokens(client, first), "RefreshToken");
        foreach (var token in new[] { first, rotated })
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            var stored = Convert.ToInt64(await _idp.Scalar(
                """SELECT (SELECT COUNT(*) FROM "RefreshTokens" WHERE "TokenHash" = @hash) + (SELECT COUNT(*) FROM "RotatedRefreshTokens" WHERE "TokenHash" = @hash)""",
                ("hash", hash)));
            var plain = Convert.ToInt64(await _idp.Scalar(
                """SELECT (SELECT COUNT(*) FROM "RefreshTokens" WHERE "TokenHash" = @token) + (SELECT COUNT(*) FROM "RotatedRefreshTokens" WHERE "TokenHash" = @token)""",
                ("token", token)));
            Assert.Equal((1L, 0L), (stored, plain));
        }
        Clock.Advance(TimeSpan.FromMinutes(21));

        await Refused("NotAuthorizedException", client, rotated, "Refresh Token has expired");
    }

    [Fact]
    public async Task Of_refreshes_racing_with_one_token_without_grace_one_rotates_and_the_others_are_reuse()
    {
        var (client, tokens) = await SignedIn(Rotation(0));
        var token = Text(tokens, "RefreshToken");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return Text(await GetTokens(client, token), "RefreshToken");
            }
            catch (AwsErrorException error)
            {
                return error.Type;
            }
        }));

        Assert.Equal(3, outcomes.Count(o => o == "RefreshTokenReuseException"));
        await GetTokens(client, outcomes.Single(o => o != "RefreshTokenReuseException"));
    }

    [Fact]
    public async Task REFRESH_TOKEN_AUTH_is_refused_on_a_client_that_rotates_refresh_tokens()
    {
        var (client, tokens) = await SignedIn(Rotation(10));

        await IdpFlows.Refused("InvalidParameterException", () => _idp.Refresh(client, Text(tokens, "RefreshToken")),
            "REFRESH_TOKEN_AUTH flow not enabled for this client");
        await IdpFlows.Refused("InvalidParameterException", () => _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = Text(tokens, "RefreshToken") },
        }));
        Assert.NotNull((await GetTokens(client, Text(tokens, "RefreshToken")))["RefreshToken"]);
    }

    [Fact]
    public async Task A_client_with_a_secret_needs_its_ClientSecret_not_a_SECRET_HASH()
    {
        var (client, tokens) = await SignedIn("""{ "GenerateSecret": true }""");
        var refreshToken = Text(tokens, "RefreshToken");

        await Refused("NotAuthorizedException", client, refreshToken, $"Client {client.Id} is configured with secret but ClientSecret was not received");
        await Refused("NotAuthorizedException", client, refreshToken, $"Unable to verify secret for client {client.Id}", clientSecret: new string('x', 51));
        await Refused("NotAuthorizedException", client, refreshToken, $"Unable to verify secret for client {client.Id}",
            clientSecret: IdpFlows.SecretHash(client.Secret!, "alice", client.Id).TrimEnd('=').Replace('/', '+'));
        await Refused("InvalidParameterException", client, refreshToken, clientSecret: "short");
        Assert.NotNull((await GetTokens(client, refreshToken, client.Secret))["AccessToken"]);
    }

    [Fact]
    public async Task Wrong_client_garbage_and_revoked_tokens_are_NotAuthorized_as_in_REFRESH_TOKEN_AUTH()
    {
        var (client, tokens) = await SignedIn();
        var refreshToken = Text(tokens, "RefreshToken");
        var other = await _idp.CreateClient(client.PoolId);

        await Refused("NotAuthorizedException", other, refreshToken, "Invalid Refresh Token");
        await Refused("NotAuthorizedException", client, "not-a-refresh-token", "Invalid Refresh Token");
        await Refused("NotAuthorizedException", client, Text(tokens, "AccessToken"), "Invalid Refresh Token");
        await Refused("InvalidParameterException", client, "has spaces");
        await IdpFlows.Refused("ResourceNotFoundException", () => GetTokens(client with { Id = "nosuchclient000000000000000" }, refreshToken));
        await IdpFlows.Refused("InvalidParameterException", () => GetTokens(client, refreshToken, deviceKey: "not-a-device-key"));

        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = refreshToken });
        await Refused("NotAuthorizedException", client, refreshToken, "Refresh Token has been revoked");
    }

    [Fact]
    public async Task A_disabled_or_deleted_user_gets_no_tokens()
    {
        var (client, tokens) = await SignedIn();

        // As with REFRESH_TOKEN_AUTH: disabling revokes the user's tokens, and enabling does not bring them back.
        await _idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "alice" });
        await Refused("NotAuthorizedException", client, Text(tokens, "RefreshToken"));
        await _idp.Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "alice" });
        await Refused("NotAuthorizedException", client, Text(tokens, "RefreshToken"), "Refresh Token has been revoked");

        var again = await _idp.SignIn(client, "alice");
        await GetTokens(client, Text(again, "RefreshToken"));
        await _idp.Aws.Idp("AdminDeleteUser", new { UserPoolId = client.PoolId, Username = "alice" });
        await Refused("NotAuthorizedException", client, Text(again, "RefreshToken"), "Invalid Refresh Token");
    }

    [Fact]
    public async Task RevokeToken_of_any_token_of_a_rotated_family_revokes_the_whole_family()
    {
        var (client, tokens) = await SignedIn(Rotation(60));
        var first = Text(tokens, "RefreshToken");
        var second = await GetTokens(client, first);
        var third = await GetTokens(client, Text(second, "RefreshToken"));
        var otherSignIn = await _idp.SignIn(client, "alice");

        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = first });

        foreach (var token in new[] { first, Text(second, "RefreshToken"), Text(third, "RefreshToken") })
            await Refused("NotAuthorizedException", client, token, "Refresh Token has been revoked");
        foreach (var access in new[] { Text(tokens, "AccessToken"), Text(second, "AccessToken"), Text(third, "AccessToken") })
            await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(access), "Access Token has been revoked");
        await _idp.GetUser(Text(otherSignIn, "AccessToken"));
        await GetTokens(client, Text(otherSignIn, "RefreshToken"));
    }

    [Fact]
    public async Task RevokeToken_of_the_latest_token_also_ends_the_one_still_in_its_grace_period()
    {
        var (client, tokens) = await SignedIn(Rotation(60));
        var first = Text(tokens, "RefreshToken");
        var second = Text(await GetTokens(client, first), "RefreshToken");

        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = second });

        await Refused("NotAuthorizedException", client, first, "Refresh Token has been revoked");
        await Refused("NotAuthorizedException", client, second, "Refresh Token has been revoked");
    }

    [Fact]
    public async Task GlobalSignOut_ends_rotated_families_and_a_new_sign_in_works()
    {
        var (client, tokens) = await SignedIn(Rotation(60));
        var first = Text(tokens, "RefreshToken");
        var second = await GetTokens(client, first);

        await _idp.Aws.Idp("GlobalSignOut", new { AccessToken = Text(second, "AccessToken") });

        await Refused("NotAuthorizedException", client, first, "Refresh Token has been revoked");
        await Refused("NotAuthorizedException", client, Text(second, "RefreshToken"), "Refresh Token has been revoked");
        var fresh = await _idp.SignIn(client, "alice");
        Assert.NotNull((await GetTokens(client, Text(fresh, "RefreshToken")))["RefreshToken"]);
    }
}
