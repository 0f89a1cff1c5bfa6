using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.OAuth;

/// <summary>An answer of an /oauth2 endpoint: status, headers and the JSON body (null when empty).</summary>
public sealed record OAuthAnswer(HttpStatusCode Status, HttpResponseMessage Response, JsonNode? Body)
{
    public string? Error => Body?["error"]?.GetValue<string>();
}

/// <summary>The /oauth2 endpoints as an OAuth client calls them, and the clients and users the tests need.</summary>
internal sealed class OAuthHttp(CognitoHost host)
{
    public IdpFlows Flows { get; } = new(host);

    public HttpClient Http => Flows.Aws.Http;

    /// <summary>A pool with the resource server "orders" (read, write) and a client_credentials client allowed both scopes.</summary>
    public async Task<TestClient> MachineClient(string? extraSettings = null)
    {
        var poolId = await Flows.CreatePool();
        await Flows.Aws.Idp("CreateResourceServer", new
        {
            UserPoolId = poolId, Identifier = "orders", Name = "Orders",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" }, new { ScopeName = "write", ScopeDescription = "Write" } },
        });
        var settings = JsonNode.Parse(extraSettings ?? "{}")!.AsObject();
        settings["GenerateSecret"] = true;
        settings["AllowedOAuthFlowsUserPoolClient"] = true;
        settings["AllowedOAuthFlows"] = new JsonArray("client_credentials");
        settings["AllowedOAuthScopes"] = new JsonArray("orders/read", "orders/write");
        return await Flows.CreateClient(poolId, settings.ToJsonString());
    }

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));

    public Task<OAuthAnswer> Token(AuthenticationHeaderValue? authorization, params (string Name, string Value)[] form) =>
        Post("/oauth2/token", authorization, form);

    public Task<OAuthAnswer> Revoke(AuthenticationHeaderValue? authorization, params (string Name, string Value)[] form) =>
        Post("/oauth2/revoke", authorization, form);

    public async Task<OAuthAnswer> Post(string path, AuthenticationHeaderValue? authorization, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        request.Headers.Authorization = authorization;
        return await Send(request);
    }

    public async Task<OAuthAnswer> UserInfo(string? accessToken, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/oauth2/userInfo");
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await Send(request);
    }

    public async Task<OAuthAnswer> Send(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new OAuthAnswer(response.StatusCode, response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A confirmed user of the client's pool, signed in with USER_PASSWORD_AUTH; returns the AuthenticationResult.</summary>
    public async Task<JsonNode> SignedIn(TestClient client, string username)
    {
        await Flows.ConfirmedUser(client, username, username + "@example.com");
        return await Flows.SignIn(client, username);
    }

    public static void IsError(OAuthAnswer answer, HttpStatusCode status, string error)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(error, answer.Error);
        Assert.StartsWith("application/json", answer.Response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", answer.Response.Headers.CacheControl?.ToString());
        Assert.False(answer.Response.Headers.Contains("x-amzn-ErrorType"));
    }
}
