using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Bench;

/// <summary>An error answer of the AWS JSON 1.1 protocol (its <c>__type</c> and message).</summary>
internal sealed class CognitoError(string type, string message) : Exception($"{type}: {message}")
{
    public string Type { get; } = type;
}

/// <summary>
/// The one client both servers are driven with: POST / with X-Amz-Target and an AWS JSON 1.1 body, unsigned
/// (both servers accept unsigned admin calls in their development setups).
/// </summary>
internal sealed class CognitoClient : IDisposable
{
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");
    private static readonly MediaTypeHeaderValue FormUrlEncoded = new("application/x-www-form-urlencoded");
    private readonly HttpClient _http;

    public CognitoClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<JsonObject> Call(string operation, JsonObject body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString())) { Headers = { ContentType = AmzJson } };
        return await Send(request, ct);
    }

    /// <summary>POST /oauth2/token with a grant's form body, built once (<see cref="TokenGrant"/>).</summary>
    public async Task<JsonObject> Token(TokenGrant grant, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token");
        request.Headers.TryAddWithoutValidation("Authorization", grant.Authorization);
        request.Content = new ByteArrayContent(grant.Form) { Headers = { ContentType = FormUrlEncoded } };
        return await Send(request, ct);
    }

    /// <summary>The JSON answer, or a CognitoError of AWS's error shape (__type, message) or OAuth's (error, error_description).</summary>
    private async Task<JsonObject> Send(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var json = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
        if (response.IsSuccessStatusCode) return json;
        var type = (string?)json["__type"] ?? (string?)json["error"] ?? $"HTTP {(int)response.StatusCode}";
        var message = (string?)json["message"] ?? (string?)json["Message"] ?? (string?)json["error_description"] ?? text;
        throw new CognitoError(type[(type.LastIndexOf('#') + 1)..], message);
    }

    /// <summary>True once anything answers on POST / (an error answer counts: the server is up).</summary>
    public async Task<bool> Answers(CancellationToken ct)
    {
        try
        {
            await Call("ListUserPools", new JsonObject { ["MaxResults"] = 1 }, ct);
            return true;
        }
        catch (CognitoError)
        {
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The few calls the scenarios make, as typed helpers over <see cref="CognitoClient"/>.</summary>
internal static class CognitoCalls
{
    public const string Password = "Bench-Passw0rd!";

    public static async Task<(string PoolId, string ClientId)> CreatePoolAndClient(this CognitoClient client, string name)
    {
        var poolId = await client.CreatePool(name);
        var (clientId, _) = await client.CreateAppClient(poolId, new JsonObject
        {
            ["ClientName"] = name + "-client",
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"),
        });
        return (poolId, clientId);
    }

    public static async Task<string> CreatePool(this CognitoClient client, string name)
    {
        var pool = await client.Call("CreateUserPool", new JsonObject
        {
            ["PoolName"] = name,
            ["Policies"] = new JsonObject { ["PasswordPolicy"] = new JsonObject { ["MinimumLength"] = 8 } },
        });
        return (string)pool["UserPool"]!["Id"]!;
    }

    /// <summary>CreateUserPoolClient with these settings; the secret is null unless GenerateSecret is among them.</summary>
    public static async Task<(string ClientId, string? ClientSecret)> CreateAppClient(this CognitoClient client, string poolId, JsonObject settings)
    {
        settings["UserPoolId"] = poolId;
        var app = (await client.Call("CreateUserPoolClient", settings))["UserPoolClient"]!;
        return ((string)app["ClientId"]!, (string?)app["ClientSecret"]);
    }

    /// <summary>A confirmed user; <paramref name="clientSecret"/> when the client has one (SignUp then needs the SecretHash).</summary>
    public static async Task SignUpConfirmed(this CognitoClient client, string poolId, string clientId, string username, string? clientSecret = null)
    {
        var signUp = new JsonObject
        {
            ["ClientId"] = clientId,
            ["Username"] = username,
            ["Password"] = Password,
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "email", ["Value"] = username + "@example.com" }),
        };
        if (clientSecret is not null) signUp["SecretHash"] = SecretHash(clientSecret, username, clientId);
        await client.Call("SignUp", signUp);
        await client.Call("AdminConfirmSignUp", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username });
    }

    public static async Task<JsonObject> SignIn(this CognitoClient client, string clientId, string username, string? clientSecret = null)
    {
        var parameters = new JsonObject { ["USERNAME"] = username, ["PASSWORD"] = Password };
        if (clientSecret is not null) parameters["SECRET_HASH"] = SecretHash(clientSecret, username, clientId);
        var answer = await client.Call("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId,
            ["AuthFlow"] = "USER_PASSWORD_AUTH",
            ["AuthParameters"] = parameters,
        });
        return answer["AuthenticationResult"] as JsonObject ?? throw new CognitoError("NoTokens", "sign-in answered without tokens");
    }

    /// <summary>SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)).</summary>
    public static string SecretHash(string clientSecret, string username, string clientId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId)));

    /// <summary>
    /// The full SRP handshake: InitiateAuth USER_SRP_AUTH with SRP_A, then RespondToAuthChallenge PASSWORD_VERIFIER with
    /// the PASSWORD_CLAIM_SIGNATURE this client computes.
    /// </summary>
    public static async Task<JsonObject> SrpSignIn(this CognitoClient client, string poolId, string clientId, SrpUser user)
    {
        var challenge = await client.Call("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId,
            ["AuthFlow"] = "USER_SRP_AUTH",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = user.Username, ["SRP_A"] = user.SrpA },
        });
        var parameters = challenge["ChallengeParameters"] as JsonObject ?? throw new CognitoError("NoChallenge", "USER_SRP_AUTH answered without PASSWORD_VERIFIER");
        var answer = await client.Call("RespondToAuthChallenge", new JsonObject
        {
            ["ClientId"] = clientId,
            ["ChallengeName"] = "PASSWORD_VERIFIER",
            ["ChallengeResponses"] = user.Answer(poolId, parameters.Text("USER_ID_FOR_SRP"), parameters.Text("SALT"), parameters.Text("SRP_B"),
                parameters.Text("SECRET_BLOCK"), DateTimeOffset.UtcNow),
        });
        return answer["AuthenticationResult"] as JsonObject ?? throw new CognitoError("NoTokens", "PASSWORD_VERIFIER answered without tokens");
    }

    public static Task<JsonObject> Refresh(this CognitoClient client, string clientId, string refreshToken) =>
        client.Call("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId,
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = refreshToken },
        });

    /// <summary>One ListUsers page of 60 (the most AWS allows); returns the next page's token. A short page that is not the last is an error.</summary>
    public static async Task<string?> ListUsersPage(this CognitoClient client, string poolId, string? filter, string? paginationToken)
    {
        var request = new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = ListUsersLimit };
        if (filter is not null) request["Filter"] = filter;
        if (paginationToken is not null) request["PaginationToken"] = paginationToken;
        var answer = await client.Call("ListUsers", request);
        var next = answer["PaginationToken"] is JsonValue token ? (string?)token : null;
        if (answer["Users"] is not JsonArray users || users.Count != ListUsersLimit && next is not null)
            throw new CognitoError("ShortPage", "ListUsers answered a page of fewer than 60 users before the last one");
        return next;
    }

    public const int ListUsersLimit = 60;

    public static Task<JsonObject> GetUser(this CognitoClient client, string accessToken) =>
        client.Call("GetUser", new JsonObject { ["AccessToken"] = accessToken });

    public static string Text(this JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string)value! : throw new CognitoError("Missing", name);
}

/// <summary>
/// One /oauth2/token request of a confidential client, encoded once and sent as often as the scenario likes: the form
/// body and the client's HTTP Basic credentials (client_secret_basic, each half form-encoded as RFC 6749 §2.3.1 asks).
/// </summary>
internal sealed record TokenGrant(byte[] Form, string Authorization)
{
    public static TokenGrant For(string clientId, string clientSecret, params (string Name, string Value)[] parameters)
    {
        var body = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret);
        return new TokenGrant(Encoding.ASCII.GetBytes(body), "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }
}
