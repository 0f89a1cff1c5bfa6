using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Credentials;
using CognitoLite.Core;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

/// <summary>The OIDC provider settings are checked at start-up, and a JWKS URL is fetched once and then cached.</summary>
public sealed class OidcProviderTests
{
    [Theory]
    [InlineData("not-a-url", "keys.json", null, "is not an absolute http(s) URL")]
    [InlineData("https://login.example.com", null, null, "needs exactly one of JwksFile or JwksUrl")]
    [InlineData("https://login.example.com", "keys.json", "https://login.example.com/jwks", "needs exactly one of JwksFile or JwksUrl")]
    [InlineData("https://login.example.com", "/nonexistent/keys.json", null, "cannot be used")]
    [InlineData("https://login.example.com", null, "ftp://login.example.com/jwks", "is not an absolute http(s) URL")]
    public void Bad_provider_settings_stop_the_server_with_a_message(string issuer, string? jwksFile, string? jwksUrl, string expected)
    {
        var options = new CognitoOptions { OidcProviders = [new OidcProviderOptions { Issuer = issuer, JwksFile = jwksFile, JwksUrl = jwksUrl }] };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("CognitoLite:OidcProviders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwks_url_is_fetched_once_and_its_keys_verify_tokens()
    {
        using var key = RSA.Create(2048);
        var parameters = key.ExportParameters(false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["kid"] = "k1", ["n"] = TestJwt.Base64Url(parameters.Modulus!), ["e"] = TestJwt.Base64Url(parameters.Exponent!) }),
        }.ToJsonString();
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var fetches = 0;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref fetches);
                var body = Encoding.UTF8.GetBytes(jwks);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        var clock = new ManualClock();
        var options = new CognitoOptions { OidcProviders = [new OidcProviderOptions { Issuer = "https://idp.example.org", JwksUrl = $"http://127.0.0.1:{port}/jwks" }] };
        options.Validate();
        var providers = new OidcProviders(options, clock);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var token = TestJwt.Sign(new JsonObject { ["kid"] = "k1", ["alg"] = "RS256" },
            new JsonObject { ["iss"] = "https://idp.example.org", ["sub"] = "s", ["aud"] = "a", ["exp"] = now + 60 }, key);

        var first = await providers.Verify(token, CancellationToken.None);
        var second = await providers.Verify(token, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await Assert.ThrowsAsync<WebIdentityTokenException>(() => providers.Verify(token, CancellationToken.None));

        Assert.Equal("s", first.Subject);
        Assert.Equal("s", second.Subject);
        Assert.Equal(1, fetches);
        Assert.Equal(WebIdentityFailure.Expired, expired.Failure);
        listener.Stop();
        await serving;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
