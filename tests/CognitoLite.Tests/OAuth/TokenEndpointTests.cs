using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CognitoLite.Tests.OAuth;

public sealed class TokenEndpointTestsOnPostgres(PostgresHost fixture) : TokenEndpointContract(fixture), IClassFixture<PostgresHost>;

public sealed class TokenEndpointTestsOnSqlite(SqliteHost fixture) : TokenEndpointContract(fixture), IClassFixture<SqliteHost>;

/// <summary>POST /oauth2/token: client authentication, the client_credentials and refresh_token grants, RFC 6749 errors.</summary>
public abstract class TokenEndpointContract(HostFixture fixture)
{
    private OAuthHttp OAuth { get; } = new(fixture.Host);

    private static (string, string) Grant(string type) => ("grant_type", type);

    [Fact]
    public async Task Client_credentials_gives_only_an_access_token_shaped_as_Cognito_shapes_it_and_verified_by_the_pool_JWKS()
    {
        var client = await OAuth.MachineClient("""{ "AccessTokenValidity": 2 }""");

        var answer = await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("client_credentials"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("no-store", answer.Response.Headers.CacheControl?.ToString());
        Assert.Equal(["access_token", "expires_in", "token_type"], answer.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("Bearer", answer.Body["token_type"].Str());
        Assert.Equal(7200, answer.Body["expires_in"]!.GetValue<int>());

        var discovery = (await OAuth.Http.GetFromJsonAsync<JsonObject>($"/{client.PoolId}/.well-known/openid-configuration"))!;
        var jwks = await OAuth.Http.GetStringAsync($"/{client.PoolId}/.well-known/jwks.json");
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(answer.Body["access_token"].Str(), new TokenValidationParameters
        {
            ValidIssuer = discovery["issuer"].Str(),
            ValidateAudience = false,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);

        var token = (JsonWebToken)validated.SecurityToken;
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        Assert.Equal(["auth_time", "client_id", "exp", "iat", "iss", "jti", "scope", "sub", "token_use", "version"], claims.Select(c => c.Key).Order());
        Expect.Contains($$"""
            { "sub": "{{client.Id}}", "client_id": "{{client.Id}}", "token_use": "access", "scope": "orders/read orders/write", "version": 2 }
            """, claims);
        Assert.Equal(7200, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(claims["iat"]!.GetValue<long>(), claims["auth_time"]!.GetValue<long>());
    }

    [Fact]
    public async Task Client_credentials_with_the_secret_in_the_form_grants_the_scopes_asked_for()
    {
        var client = await OAuth.MachineClient();

        var answer = await OAuth.Token(null, Grant("client_credentials"), ("client_id", client.Id), ("client_secret", client.Secret!), ("scope", "orders/read"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var claims = new JsonWebToken(answer.Body!["access_token"].Str());
        Assert.Equal("orders/read", claims.GetClaim("scope").Value);
    }

    [Fact]
    public async Task A_scope_outside_the_clients_scopes_is_invalid_scope()
    {
        var client = await OAuth.MachineClient();
        var basic = OAuthHttp.Basic(client.Id, client.Secret!);

        OAuthHttp.IsError(await OAuth.Token(basic, Grant("client_credentials"), ("scope", "orders/delete")), HttpStatusCode.BadRequest, "invalid_scope");
        OAuthHttp.IsError(await OAuth.Token(basic, Grant("client_credentials"), ("scope", "orders/read openid")), HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task The_second_secret_authenticates_the_client_too_and_a_wrong_one_is_invalid_client()
    {
        var client = await OAuth.MachineClient();
        var added = await OAuth.Flows.Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = client.PoolId, ClientId = client.Id });
        var second = added["ClientSecretDescriptor"]!["ClientSecretValue"].Str();

        Assert.Equal(HttpStatusCode.OK, (await OAuth.Token(OAuthHttp.Basic(client.Id, second), Grant("client_credentials"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("client_credentials"))).Status);

        var wrong = await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret + "x"), Grant("client_credentials"));
        OAuthHttp.IsError(wrong, HttpStatusCode.Unauthorized, "invalid_client");
        OAuthHttp.IsError(await OAuth.Token(null, Grant("client_credentials"), ("client_id", client.Id)), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_secret_with_a_plus_authenticates_by_Basic_whether_the_client_form_encodes_it_or_not()
    {
        var client = await OAuth.MachineClient();
        const string secret = "plus+secret0123456789abcdef";
        await OAuth.Flows.Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = client.PoolId, ClientId = client.Id, ClientSecret = secret });

        Assert.Equal(HttpStatusCode.OK, (await OAuth.Token(OAuthHttp.Basic(client.Id, secret), Grant("client_credentials"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await OAuth.Token(OAuthHttp.Basic(client.Id, Uri.EscapeDataString(secret)), Grant("client_credentials"))).Status);
    }

    [Fact]
    public async Task An_unknown_client_is_invalid_client_and_a_missing_one_invalid_request()
    {
        OAuthHttp.IsError(await OAuth.Token(OAuthHttp.Basic("1example23456789012345678", "secret"), Grant("client_credentials")),
            HttpStatusCode.Unauthorized, "invalid_client");
        OAuthHttp.IsError(await OAuth.Token(null, Grant("client_credentials")), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_client_without_the_client_credentials_flow_is_unauthorized_client()
    {
        var client = await OAuth.Flows.CreatePoolAndClient(clientSettingsJson: """{ "GenerateSecret": true }""");

        OAuthHttp.IsError(await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("client_credentials")),
            HttpStatusCode.BadRequest, "unauthorized_client");
    }

    [Fact]
    public async Task Grant_types_other_than_the_three_are_unsupported_and_a_missing_one_or_a_non_form_body_is_invalid_request()
    {
        var client = await OAuth.MachineClient();
        var basic = OAuthHttp.Basic(client.Id, client.Secret!);

        OAuthHttp.IsError(await OAuth.Token(basic, Grant("password")), HttpStatusCode.BadRequest, "unsupported_grant_type");
        OAuthHttp.IsError(await OAuth.Token(basic), HttpStatusCode.BadRequest, "invalid_request");
        OAuthHttp.IsError(await OAuth.Token(basic, Grant("client_credentials"), Grant("client_credentials")), HttpStatusCode.BadRequest, "invalid_request");

        using var json = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = JsonContent.Create(new { grant_type = "client_credentials" }) };
        json.Headers.Authorization = basic;
        OAuthHttp.IsError(await OAuth.Send(json), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Authorization_code_is_invalid_grant_while_no_code_can_be_issued()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();

        OAuthHttp.IsError(await OAuth.Token(null, Grant("authorization_code"), ("client_id", client.Id), ("code", "abc"), ("redirect_uri", "https://app.example.com/cb")),
            HttpStatusCode.BadRequest, "invalid_grant");
        OAuthHttp.IsError(await OAuth.Token(null, Grant("authorization_code"), ("client_id", client.Id)), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Refresh_token_gives_new_id_and_access_tokens_without_a_new_refresh_token()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();
        var signedIn = await OAuth.SignedIn(client, "refresher");

        var answer = await OAuth.Token(null, Grant("refresh_token"), ("client_id", client.Id), ("refresh_token", signedIn["RefreshToken"].Str()));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["access_token", "expires_in", "id_token", "token_type"], answer.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("refresher", new JsonWebToken(answer.Body["id_token"].Str()).GetClaim("cognito:username").Value);
        Assert.Equal("refresher", (await OAuth.Flows.GetUser(answer.Body["access_token"].Str()))["Username"].Str());
    }

    [Fact]
    public async Task Refresh_token_with_rotation_gives_a_new_refresh_token()
    {
        var client = await OAuth.Flows.CreatePoolAndClient(clientSettingsJson: """
            { "GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
              "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 0 } }
            """);
        var signedIn = await OAuth.SignedIn(client, "rotator");

        var answer = await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("refresh_token"), ("refresh_token", signedIn["RefreshToken"].Str()));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var rotated = answer.Body!["refresh_token"].Str();
        Assert.NotEqual(signedIn["RefreshToken"].Str(), rotated);
        Assert.Equal(HttpStatusCode.OK, (await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("refresh_token"), ("refresh_token", rotated))).Status);
        OAuthHttp.IsError(await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("refresh_token"), ("refresh_token", signedIn["RefreshToken"].Str())),
            HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_bad_missing_or_other_clients_refresh_token_is_refused()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();
        var other = await OAuth.Flows.CreateClient(client.PoolId);
        var signedIn = await OAuth.SignedIn(client, "someone");

        OAuthHttp.IsError(await OAuth.Token(null, Grant("refresh_token"), ("client_id", client.Id), ("refresh_token", "not-a-token")), HttpStatusCode.BadRequest, "invalid_grant");
        OAuthHttp.IsError(await OAuth.Token(null, Grant("refresh_token"), ("client_id", other.Id), ("refresh_token", signedIn["RefreshToken"].Str())),
            HttpStatusCode.BadRequest, "invalid_grant");
        OAuthHttp.IsError(await OAuth.Token(null, Grant("refresh_token"), ("client_id", client.Id)), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_client_credentials_token_is_no_user_token()
    {
        var client = await OAuth.MachineClient();
        var answer = await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), Grant("client_credentials"));

        var error = await AwsClient.Fails(() => OAuth.Flows.GetUser(answer.Body!["access_token"].Str()));
        Assert.Equal("NotAuthorizedException", error.Type);
    }
}
