using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Tokens;

/// <summary>A host whose tokens carry AWS's issuer form (CognitoLite:IssuerStyle=aws).</summary>
public abstract class AwsIssuerHost : HostFixture
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["CognitoLite:IssuerStyle"] = "aws" };
}

public sealed class AwsIssuerHost<TStore> : AwsIssuerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}

/// <summary>A host behind a proxy: issuers are built on CognitoLite:PublicBaseUrl, not on the request's URL.</summary>
public abstract class PublicBaseUrlHost : HostFixture
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["CognitoLite:PublicBaseUrl"] = "https://auth.example.com" };
}

public sealed class PublicBaseUrlHost<TStore> : PublicBaseUrlHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}

internal static class IssuerChecks
{
    /// <summary>Tokens, access-token checks and discovery all agree on <paramref name="expectedIssuer"/>; returns the discovery document.</summary>
    public static async Task<JsonObject> TokensAndDiscoveryUse(IdpFlows idp, Func<string, string> expectedIssuer)
    {
        var client = await idp.CreatePoolAndClient();
        await idp.ConfirmedUser(client, "alice");
        var result = await idp.SignIn(client, "alice");
        var iss = expectedIssuer(client.PoolId);

        Assert.Equal(iss, TestJwt.Claims(result["AccessToken"]!.GetValue<string>())["iss"]!.GetValue<string>());
        Assert.Equal(iss, TestJwt.Claims(result["IdToken"]!.GetValue<string>())["iss"]!.GetValue<string>());
        Assert.Equal("alice", (await idp.GetUser(result["AccessToken"]!.GetValue<string>()))["Username"]!.GetValue<string>());
        var refreshed = await idp.Refresh(client, result["RefreshToken"]!.GetValue<string>());
        Assert.Equal(iss, TestJwt.Claims(refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>())["iss"]!.GetValue<string>());

        var discovery = (await idp.Aws.Http.GetFromJsonAsync<JsonObject>($"/{client.PoolId}/.well-known/openid-configuration"))!;
        Assert.Equal(iss, discovery["issuer"]!.GetValue<string>());
        // Whatever host name the jwks_uri carries, its path is served here.
        var jwksUri = new Uri(discovery["jwks_uri"]!.GetValue<string>());
        Assert.Equal($"/{client.PoolId}/.well-known/jwks.json", jwksUri.AbsolutePath);
        var keys = (await idp.Aws.Http.GetFromJsonAsync<JsonObject>(jwksUri.PathAndQuery))!["keys"]!.AsArray();
        Assert.True(TestJwt.Verifies(result["AccessToken"]!.GetValue<string>(), Assert.Single(keys)!));
        return discovery;
    }
}

public sealed class AwsIssuerTestsOnPostgres(AwsIssuerHost<OnPostgres> fixture) : AwsIssuerContract(fixture), IClassFixture<AwsIssuerHost<OnPostgres>>;

public sealed class AwsIssuerTestsOnSqlite(AwsIssuerHost<OnSqlite> fixture) : AwsIssuerContract(fixture), IClassFixture<AwsIssuerHost<OnSqlite>>;

public abstract class AwsIssuerContract(AwsIssuerHost fixture)
{
    [Fact]
    public async Task With_IssuerStyle_aws_the_issuer_is_AWSs_and_JWKS_is_still_served_here()
    {
        var discovery = await IssuerChecks.TokensAndDiscoveryUse(new IdpFlows(fixture.Host), pool => $"https://cognito-idp.us-east-1.amazonaws.com/{pool}");

        Assert.StartsWith("http://localhost/", discovery["jwks_uri"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

public sealed class PublicBaseUrlTestsOnPostgres(PublicBaseUrlHost<OnPostgres> fixture) : PublicBaseUrlContract(fixture), IClassFixture<PublicBaseUrlHost<OnPostgres>>;

public sealed class PublicBaseUrlTestsOnSqlite(PublicBaseUrlHost<OnSqlite> fixture) : PublicBaseUrlContract(fixture), IClassFixture<PublicBaseUrlHost<OnSqlite>>;

public abstract class PublicBaseUrlContract(PublicBaseUrlHost fixture)
{
    [Fact]
    public async Task With_PublicBaseUrl_the_issuer_and_jwks_uri_are_built_on_it()
    {
        var discovery = await IssuerChecks.TokensAndDiscoveryUse(new IdpFlows(fixture.Host), pool => $"https://auth.example.com/{pool}");

        Assert.StartsWith("https://auth.example.com/", discovery["jwks_uri"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
