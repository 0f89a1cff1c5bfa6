using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CognitoLite.Tests.Tokens;

public sealed class JwtBearerApiTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : JwtBearerApiContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class JwtBearerApiTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : JwtBearerApiContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// An ASP.NET Core API protected by the stock JwtBearer handler, configured only with the pool's issuer: it finds
/// the discovery document and JWKS on its own (through the CognitoLite host) and must accept our access tokens.
/// </summary>
public abstract class JwtBearerApiContract(ManualClockHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private async Task<WebApplication> Api(TestClient client)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = $"http://localhost/{client.PoolId}";
            options.RequireHttpsMetadata = false;
            options.BackchannelHttpHandler = fixture.Host.Server.CreateHandler();
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateAudience = false, // access tokens carry client_id, not aud: the policy checks it
                ClockSkew = TimeSpan.Zero,
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy("app", policy => policy
            .RequireAuthenticatedUser()
            .RequireClaim("token_use", "access")
            .RequireClaim("client_id", client.Id));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => Results.Text(user.FindFirst("username")?.Value)).RequireAuthorization("app");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> Call(WebApplication api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.GetTestClient().SendAsync(request);
    }

    [Fact]
    public async Task Our_access_token_is_accepted_a_forged_or_foreign_one_is_401()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "alice");
        var tokens = await _idp.SignIn(client, "alice");
        var access = tokens["AccessToken"]!.GetValue<string>();
        await using var api = await Api(client);

        var ok = await Call(api, access);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("alice", await ok.Content.ReadAsStringAsync());

        // Refreshed tokens too.
        var refreshed = await _idp.Refresh(client, tokens["RefreshToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Call(api, refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>())).StatusCode);

        using var forger = RSA.Create(2048);
        var forged = TestJwt.Sign(TestJwt.Header(access), TestJwt.Claims(access), forger);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(api, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(api, "not-a-token")).StatusCode);

        // A token of another pool: its issuer and key are not this API's.
        var otherPool = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(otherPool, "alice");
        var foreign = (await _idp.SignIn(otherPool, "alice"))["AccessToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(api, foreign)).StatusCode);
    }

    [Fact]
    public async Task An_expired_access_token_is_401()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "bob");
        await using var api = await Api(client);

        // Sign in "three hours ago": the token expired two hours ago by the API's (real) clock.
        fixture.Clock.Advance(TimeSpan.FromHours(-3));
        string expired;
        try
        {
            expired = (await _idp.SignIn(client, "bob"))["AccessToken"]!.GetValue<string>();
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromHours(3));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(api, expired)).StatusCode);
        var fresh = (await _idp.SignIn(client, "bob"))["AccessToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Call(api, fresh)).StatusCode);
    }

    [Fact]
    public async Task An_id_token_or_a_token_of_another_client_is_403_by_the_policy()
    {
        var client = await _idp.CreatePoolAndClient();
        var otherClient = await _idp.CreateClient(client.PoolId);
        await _idp.ConfirmedUser(client, "carol");
        await using var api = await Api(client);

        var tokens = await _idp.SignIn(client, "carol");
        Assert.Equal(HttpStatusCode.Forbidden, (await Call(api, tokens["IdToken"]!.GetValue<string>())).StatusCode);
        var other = (await _idp.SignIn(otherClient, "carol"))["AccessToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await Call(api, other)).StatusCode);
    }
}
