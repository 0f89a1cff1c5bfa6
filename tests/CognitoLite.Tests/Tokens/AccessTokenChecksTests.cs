using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Core.Tokens;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Tokens;

public sealed class AccessTokenChecksTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : AccessTokenChecksContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class AccessTokenChecksTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : AccessTokenChecksContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>What GetUser (and so every access-token operation) refuses; the host's clock is a ManualClock.</summary>
public abstract class AccessTokenChecksContract(ManualClockHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private async Task<(TestClient Client, JsonNode Tokens)> SignedIn(string username = "alice")
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, username, $"{username}@example.com");
        return (client, await _idp.SignIn(client, username));
    }

    /// <summary>The pool's private signing key, read through the server's own services (tests only).</summary>
    private async Task<RSA> PoolKey(string poolId)
    {
        using var scope = fixture.Host.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<SigningKeys>().ForPool(poolId, CancellationToken.None)).Rsa;
    }

    private Task<AwsErrorException> Refused(string token) => IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(token));

    private static string Access(JsonNode tokens) => tokens["AccessToken"]!.GetValue<string>();

    [Fact]
    public async Task A_token_re_signed_with_the_pools_own_key_is_accepted_so_the_refusals_below_are_for_the_changes()
    {
        var (client, tokens) = await SignedIn();
        var token = Access(tokens);

        var resigned = TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), await PoolKey(client.PoolId));

        Assert.Equal("alice", (await _idp.GetUser(resigned))["Username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_the_pools_kid_is_refused()
    {
        var (_, tokens) = await SignedIn();
        var token = Access(tokens);
        using var forger = RSA.Create(2048);

        await Refused(TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), forger));
    }

    [Fact]
    public async Task A_changed_claim_breaks_the_signature()
    {
        var (_, tokens) = await SignedIn();
        var parts = Access(tokens).Split('.');
        var claims = TestJwt.Claims(Access(tokens));
        claims["username"] = "mallory";
        var tampered = $"{parts[0]}.{TestJwt.Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(claims))}.{parts[2]}";

        await Refused(tampered);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var (_, tokens) = await SignedIn();
        var token = Access(tokens);
        var header = TestJwt.Header(token);
        header["alg"] = "none";

        await Refused(TestJwt.Sign(header, TestJwt.Claims(token), key: null));
        var withoutKid = new JsonObject { ["alg"] = "none" };
        await Refused(TestJwt.Sign(withoutKid, TestJwt.Claims(token), key: null));
    }

    [Fact]
    public async Task Malformed_tokens_are_refused()
    {
        await Refused("abc");
        await Refused("a.b.c");
        await Refused("eyJhbGciOiJSUzI1NiJ9.e30.");
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        var (_, tokens) = await SignedIn();
        await _idp.GetUser(Access(tokens));

        fixture.Clock.Advance(TimeSpan.FromHours(2));

        // The token was verified once already; its expiry is still checked on every call.
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(Access(tokens)), "Access Token has expired");
    }

    [Fact]
    public async Task A_refresh_token_past_the_clients_RefreshTokenValidity_is_refused()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """
            { "RefreshTokenValidity": 60, "TokenValidityUnits": { "RefreshToken": "minutes" } }
            """);
        await _idp.ConfirmedUser(client, "erin");
        var refreshToken = (await _idp.SignIn(client, "erin"))["RefreshToken"]!.GetValue<string>();

        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        await _idp.Refresh(client, refreshToken);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken));
    }

    [Fact]
    public async Task An_id_token_is_not_an_access_token()
    {
        var (_, tokens) = await SignedIn();

        await Refused(tokens["IdToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_of_another_pool_works_for_that_pool_but_cannot_name_this_one()
    {
        var (poolA, tokensA) = await SignedIn("alice");
        var (poolB, tokensB) = await SignedIn("bob");
        Assert.Equal("bob", (await _idp.GetUser(Access(tokensB)))["Username"]!.GetValue<string>());
        var keyB = await PoolKey(poolB.PoolId);

        // Pool B's key and kid, but the issuer and user of pool A.
        var claims = TestJwt.Claims(Access(tokensA));
        await Refused(TestJwt.Sign(TestJwt.Header(Access(tokensB)), claims, keyB));

        // Pool B's key, kid and issuer, but a user of pool A.
        claims["iss"] = TestJwt.Claims(Access(tokensB))["iss"]!.GetValue<string>();
        await Refused(TestJwt.Sign(TestJwt.Header(Access(tokensB)), claims, keyB));

        // Pool A's kid with pool B's signature.
        await Refused(TestJwt.Sign(TestJwt.Header(Access(tokensA)), TestJwt.Claims(Access(tokensA)), keyB));
        Assert.Equal("alice", (await _idp.GetUser(Access(tokensA)))["Username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disabling_a_user_revokes_their_tokens_for_good_and_blocks_sign_in_until_enabled()
    {
        var (client, tokens) = await SignedIn();

        await _idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "alice" });

        await Refused(Access(tokens));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "alice"), "User is disabled.");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"]!.GetValue<string>()));

        // AWS: AdminDisableUser "revokes all access tokens for the user"; enabling again does not bring them back.
        await _idp.Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "alice" });
        await Refused(Access(tokens));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"]!.GetValue<string>()));
        await _idp.GetUser(Access(await _idp.SignIn(client, "alice")));
    }

    [Fact]
    public async Task The_token_of_a_deleted_user_is_refused()
    {
        var (client, tokens) = await SignedIn();

        await _idp.Aws.Idp("AdminDeleteUser", new { UserPoolId = client.PoolId, Username = "alice" });

        await Refused(Access(tokens));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"]!.GetValue<string>()));
        // A new user of the same name is someone else: the old token does not name them.
        await _idp.ConfirmedUser(client, "alice");
        await Refused(Access(tokens));
    }

    [Fact]
    public async Task A_token_of_a_deleted_pool_is_refused()
    {
        var (client, tokens) = await SignedIn();
        await _idp.GetUser(Access(tokens));

        await _idp.Aws.Idp("DeleteUserPool", new { UserPoolId = client.PoolId });

        await Refused(Access(tokens));
    }
}
