using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class OAuthClientSettingsTestsOnPostgres(PostgresHost fixture) : OAuthClientSettingsContract(fixture), IClassFixture<PostgresHost>;

public sealed class OAuthClientSettingsTestsOnSqlite(SqliteHost fixture) : OAuthClientSettingsContract(fixture), IClassFixture<SqliteHost>;

/// <summary>The OAuth rules on app clients beyond AppClientTests: user scopes and machine clients, identity providers.</summary>
public abstract class OAuthClientSettingsContract(HostFixture fixture)
{
    private AwsClient Aws { get; } = fixture.Host.Aws();

    [Theory]
    [InlineData("openid")]
    [InlineData("email")]
    [InlineData("aws.cognito.signin.user.admin")]
    public async Task A_user_scope_is_refused_for_client_credentials(string scope)
    {
        var poolId = await Aws.CreatePool();
        var error = await Expect.Error("InvalidOAuthFlowException", HttpStatusCode.BadRequest, () => Aws.CreateClient(poolId, $$"""
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"],
              "AllowedOAuthScopes": ["{{scope}}"] }
            """));
        Assert.Equal($"{scope} is not supported with client_credentials flow", error.AwsMessage);
    }

    [Fact]
    public async Task Only_COGNITO_is_a_supported_identity_provider_until_the_pool_has_others()
    {
        var poolId = await Aws.CreatePool();
        var client = await Aws.CreateClient(poolId, """{ "SupportedIdentityProviders": ["COGNITO"] }""");
        Assert.Equal(["COGNITO"], client["SupportedIdentityProviders"].Strings());

        var error = await Expect.InvalidParameter(() => Aws.CreateClient(poolId, """{ "SupportedIdentityProviders": ["COGNITO", "Google"] }"""));
        Assert.Equal($"The provider Google does not exist for User Pool {poolId}.", error.AwsMessage);
        await Expect.InvalidParameter(() => Aws.Idp("UpdateUserPoolClient", $$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{client["ClientId"].Str()}}", "SupportedIdentityProviders": ["MyOIDC"] }
            """));
    }

    [Fact]
    public async Task Code_flow_with_user_scopes_localhost_http_and_an_app_scheme_is_accepted()
    {
        var poolId = await Aws.CreatePool();
        var client = await Aws.CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email", "phone", "profile"],
              "CallbackURLs": ["http://localhost:3000/cb", "myapp://cb"], "LogoutURLs": ["http://localhost:3000/"],
              "DefaultRedirectURI": "myapp://cb", "SupportedIdentityProviders": ["COGNITO"] }
            """);
        Assert.Equal("myapp://cb", client["DefaultRedirectURI"].Str());
    }

    [Fact]
    public async Task OAuth_turned_on_without_callback_URLs_is_refused_for_code()
    {
        var poolId = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"] }
            """));
        await Expect.Error("InvalidOAuthFlowException", HttpStatusCode.BadRequest, () => Aws.CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["https://app.example.com/cb"] }
            """));
    }
}
