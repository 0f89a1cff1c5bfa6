using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Core.Credentials;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.IdentityPools;

public sealed class OpenIdTokenTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : OpenIdTokenContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class OpenIdTokenTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : OpenIdTokenContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>cognito-identity's OpenID tokens: what is minted is what validates, anything else does not, and JWKS publishes the key.</summary>
public abstract class OpenIdTokenContract(ManualClockHost fixture)
{
    private const string IdentityId = "us-east-1:4b8e3f5a-1c2d-4e6f-8a9b-0c1d2e3f4a5b";
    private const string PoolId = "us-east-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    private async Task<T> With<T>(Func<OpenIdTokens, Task<T>> use)
    {
        using var scope = fixture.Host.Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<OpenIdTokens>());
    }

    private Task<string> Mint(TimeSpan lifetime) => With(tokens => tokens.Mint(IdentityId, PoolId,
        ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01"], new Dictionary<string, string> { ["team"] = "blue" },
        lifetime, CancellationToken.None));

    [Fact]
    public async Task A_minted_token_validates_with_its_identity_pool_amr_and_tags()
    {
        var token = await Mint(TimeSpan.FromMinutes(10));

        var read = await With(tokens => tokens.Validate(token, CancellationToken.None));

        Assert.NotNull(read);
        Assert.Equal(IdentityId, read.IdentityId);
        Assert.Equal(PoolId, read.IdentityPoolId);
        Assert.Equal(["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01"], read.Amr);
        Assert.Equal("blue", read.PrincipalTags["team"]);
        Assert.False(read.Expired);
        var claims = TestJwt.Claims(token);
        Assert.Equal(IdentityId, claims["sub"]!.GetValue<string>());
        Assert.Equal(PoolId, claims["aud"]!.GetValue<string>());
        Assert.EndsWith("/cognito-identity", claims["iss"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_past_its_lifetime_says_it_expired()
    {
        var token = await Mint(TimeSpan.FromMinutes(10));
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        try
        {
            var read = await With(tokens => tokens.Validate(token, CancellationToken.None));
            Assert.True(read!.Expired);
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(-11));
        }
    }

    [Fact]
    public async Task Tampered_foreign_and_malformed_tokens_do_not_validate()
    {
        var token = await Mint(TimeSpan.FromMinutes(10));
        var claims = TestJwt.Claims(token);
        claims["sub"] = "us-east-1:00000000-0000-0000-0000-000000000000";
        var tampered = string.Join('.', token.Split('.')[0], TestJwt.Base64Url(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString())), token.Split('.')[2]);
        using var forger = RSA.Create(2048);
        var forged = TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), forger);

        foreach (var bad in new[] { tampered, forged, TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), null), "not.a.jwt", "" })
            Assert.Null(await With(tokens => tokens.Validate(bad, CancellationToken.None)));
    }

    [Fact]
    public async Task The_published_jwks_and_discovery_document_verify_the_tokens()
    {
        var token = await Mint(TimeSpan.FromMinutes(10));
        using var http = fixture.Host.CreateClient();

        var discovery = (await http.GetFromJsonAsync<JsonObject>("/cognito-identity/.well-known/openid-configuration"))!;
        var jwks = (await http.GetFromJsonAsync<JsonObject>(new Uri(discovery["jwks_uri"]!.GetValue<string>()).PathAndQuery))!;

        // Minted outside a request, the token's issuer is on the default URL; the path is what the two share.
        Assert.EndsWith("/cognito-identity", discovery["issuer"]!.GetValue<string>(), StringComparison.Ordinal);
        var key = Assert.Single(jwks["keys"]!.AsArray());
        Assert.Equal(TestJwt.Header(token)["kid"]!.GetValue<string>(), key!["kid"]!.GetValue<string>());
        Assert.True(TestJwt.Verifies(token, key));
    }
}
