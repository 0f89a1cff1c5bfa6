using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Tokens;

public sealed class TokenClaimsTestsOnPostgres(PostgresHost fixture) : TokenClaimsContract(fixture), IClassFixture<PostgresHost>;

public sealed class TokenClaimsTestsOnSqlite(SqliteHost fixture) : TokenClaimsContract(fixture), IClassFixture<SqliteHost>;

/// <summary>The id and access JWTs: header, claims, signature against the pool's JWKS, and OIDC discovery.</summary>
public abstract class TokenClaimsContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private async Task<JsonArray> Keys(string poolId) =>
        (await _idp.Aws.Http.GetFromJsonAsync<JsonObject>($"/{poolId}/.well-known/jwks.json"))!["keys"]!.AsArray();

    private static void IsUuid(JsonNode? claim) => Assert.True(Guid.TryParse(claim!.GetValue<string>(), out _), claim.ToJsonString());

    private static void IsNumber(JsonNode? claim) => Assert.Equal(JsonValueKind.Number, claim!.GetValueKind());

    [Fact]
    public async Task Id_and_access_tokens_carry_exactly_Cognitos_header_and_claims()
    {
        var client = await _idp.CreatePoolAndClient();
        var sub = await _idp.VerifiedUser(client, "alice", "alice@example.com");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = await _idp.SignIn(client, "alice");
        var accessToken = result["AccessToken"]!.GetValue<string>();
        var idToken = result["IdToken"]!.GetValue<string>();
        var iss = $"http://localhost/{client.PoolId}";

        foreach (var token in new[] { accessToken, idToken })
        {
            var header = TestJwt.Header(token);
            Assert.Equal(new[] { "kid", "alg" }, header.Select(p => p.Key).ToArray());
            Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        }

        var id = TestJwt.Claims(idToken);
        Assert.Equal(sub, id["sub"]!.GetValue<string>());
        Assert.Equal(iss, id["iss"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, id["aud"]!.GetValueKind());
        Assert.Equal(client.Id, id["aud"]!.GetValue<string>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.Equal("alice", id["cognito:username"]!.GetValue<string>());
        Assert.Equal("alice@example.com", id["email"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.True, id["email_verified"]!.GetValueKind());
        IsUuid(id["origin_jti"]);
        IsUuid(id["event_id"]);
        IsUuid(id["jti"]);
        foreach (var name in new[] { "auth_time", "exp", "iat" }) IsNumber(id[name]);
        Assert.InRange(id["iat"]!.GetValue<long>(), before - 5, before + 60);
        Assert.Equal(id["iat"]!.GetValue<long>() + 3600, id["exp"]!.GetValue<long>());
        Assert.Null(id["client_id"]);
        Assert.Null(id["username"]);
        Assert.Null(id["scope"]);
        Assert.Null(id["cognito:groups"]);

        var access = TestJwt.Claims(accessToken);
        Assert.Equal(
            new[] { "sub", "iss", "client_id", "origin_jti", "event_id", "token_use", "scope", "auth_time", "exp", "iat", "jti", "username" }.Order(StringComparer.Ordinal),
            access.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(sub, access["sub"]!.GetValue<string>());
        Assert.Equal(iss, access["iss"]!.GetValue<string>());
        Assert.Equal(client.Id, access["client_id"]!.GetValue<string>());
        Assert.Equal("access", access["token_use"]!.GetValue<string>());
        Assert.Equal("aws.cognito.signin.user.admin", access["scope"]!.GetValue<string>());
        Assert.Equal("alice", access["username"]!.GetValue<string>());
        foreach (var name in new[] { "auth_time", "exp", "iat" }) IsNumber(access[name]);
        IsUuid(access["jti"]);

        // One authentication: shared origin and event, distinct token ids, same times.
        Assert.Equal(id["origin_jti"]!.GetValue<string>(), access["origin_jti"]!.GetValue<string>());
        Assert.Equal(id["event_id"]!.GetValue<string>(), access["event_id"]!.GetValue<string>());
        Assert.NotEqual(id["jti"]!.GetValue<string>(), access["jti"]!.GetValue<string>());
        Assert.Equal(id["auth_time"]!.GetValue<long>(), access["auth_time"]!.GetValue<long>());
        Assert.Equal(id["iat"]!.GetValue<long>(), access["iat"]!.GetValue<long>());

        // The next sign-in is a new origin.
        var again = TestJwt.Claims((await _idp.SignIn(client, "alice"))["AccessToken"]!.GetValue<string>());
        Assert.NotEqual(access["origin_jti"]!.GetValue<string>(), again["origin_jti"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unverified_email_is_false_in_the_id_token()
    {
        var client = await _idp.CreatePoolAndClient("{}");
        await _idp.ConfirmedUser(client, "bob", "bob@example.com");
        var id = TestJwt.Claims((await _idp.SignIn(client, "bob"))["IdToken"]!.GetValue<string>());

        Assert.Equal("bob@example.com", id["email"]!.GetValue<string>());
        Assert.True(id["email_verified"] is null || id["email_verified"]!.GetValueKind() == JsonValueKind.False, id.ToJsonString());
    }

    [Fact]
    public async Task Tokens_verify_with_the_pools_JWKS_and_every_pool_has_its_own_key()
    {
        var first = await _idp.CreatePoolAndClient();
        var second = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(first, "carol");
        await _idp.ConfirmedUser(second, "carol");
        var firstTokens = await _idp.SignIn(first, "carol");
        var secondTokens = await _idp.SignIn(second, "carol");

        var response = await _idp.Aws.Http.GetAsync($"/{first.PoolId}/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var firstKeys = await Keys(first.PoolId);
        var secondKeys = await Keys(second.PoolId);
        var firstKey = Assert.Single(firstKeys)!;
        var secondKey = Assert.Single(secondKeys)!;
        Assert.Equal("RSA", firstKey["kty"]!.GetValue<string>());
        Assert.Equal("RS256", firstKey["alg"]!.GetValue<string>());
        Assert.Equal("sig", firstKey["use"]!.GetValue<string>());
        Assert.Equal("AQAB", firstKey["e"]!.GetValue<string>());
        Assert.Equal(256, TestJwt.FromBase64Url(firstKey["n"]!.GetValue<string>()).Length);
        Assert.NotEqual(firstKey["kid"]!.GetValue<string>(), secondKey["kid"]!.GetValue<string>());

        foreach (var name in new[] { "AccessToken", "IdToken" })
        {
            var token = firstTokens[name]!.GetValue<string>();
            Assert.Equal(firstKey["kid"]!.GetValue<string>(), TestJwt.Header(token)["kid"]!.GetValue<string>());
            Assert.True(TestJwt.Verifies(token, firstKey), name);
            Assert.False(TestJwt.Verifies(token, secondKey), name);
            Assert.True(TestJwt.Verifies(secondTokens[name]!.GetValue<string>(), secondKey), name);
        }

        // Keys are stable: the JWKS is the same on the next read.
        Assert.True(JsonNode.DeepEquals(firstKeys, await Keys(first.PoolId)));
    }

    [Fact]
    public async Task The_discovery_document_names_the_tokens_issuer_and_a_working_jwks_uri()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "dave");
        var iss = TestJwt.Claims((await _idp.SignIn(client, "dave"))["IdToken"]!.GetValue<string>())["iss"]!.GetValue<string>();

        var discovery = (await _idp.Aws.Http.GetFromJsonAsync<JsonObject>($"/{client.PoolId}/.well-known/openid-configuration"))!;

        Assert.Equal(iss, discovery["issuer"]!.GetValue<string>());
        Assert.Equal($"{iss}/.well-known/jwks.json", discovery["jwks_uri"]!.GetValue<string>());
        Assert.Contains("RS256", discovery["id_token_signing_alg_values_supported"].Strings());
        var keys = (await _idp.Aws.Http.GetFromJsonAsync<JsonObject>(discovery["jwks_uri"]!.GetValue<string>()))!;
        Assert.True(JsonNode.DeepEquals(keys["keys"], await Keys(client.PoolId)));
    }

    [Theory]
    [InlineData("jwks.json")]
    [InlineData("openid-configuration")]
    public async Task The_well_known_documents_of_an_unknown_pool_are_404_ResourceNotFoundException(string document)
    {
        var response = await _idp.Aws.Http.GetAsync($"/us-east-1_NoSuchP00l/.well-known/{document}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ResourceNotFoundException", body["__type"]!.GetValue<string>());
        Assert.Equal("User pool us-east-1_NoSuchP00l does not exist.", body["message"]!.GetValue<string>());
    }
}
