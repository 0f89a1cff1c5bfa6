using System.Data.Common;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>An app client as a test uses it: its pool, its id and its secret (null when it has none).</summary>
public sealed record TestClient(string PoolId, string Id, string? Secret);

/// <summary>
/// The steps sign-up, sign-in and token tests repeat: pools, clients, users, codes from the dev outbox and
/// password sign-in, all through the public API of a real host.
/// </summary>
public sealed class IdpFlows(CognitoHost host)
{
    /// <summary>Meets the default password policy (length, upper, lower, number, symbol).</summary>
    public const string Password = "Passw0rd!";

    public static readonly string[] PasswordFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

    public CognitoHost Host { get; } = host;

    public AwsClient Aws { get; } = host.Aws();

    public async Task<string> CreatePool(string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["PoolName"] ??= "pool-" + Guid.NewGuid().ToString("N")[..12];
        return (await Aws.Idp("CreateUserPool", body.ToJsonString()))["UserPool"]!["Id"]!.GetValue<string>();
    }

    /// <summary>A client with the password and refresh flows enabled unless the settings say otherwise.</summary>
    public async Task<TestClient> CreateClient(string poolId, string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["UserPoolId"] = poolId;
        body["ClientName"] ??= "client";
        if (!body.ContainsKey("ExplicitAuthFlows")) body["ExplicitAuthFlows"] = new JsonArray(PasswordFlows.Select(f => (JsonNode)f).ToArray());
        var created = (await Aws.Idp("CreateUserPoolClient", body.ToJsonString()))["UserPoolClient"]!;
        return new TestClient(poolId, created["ClientId"]!.GetValue<string>(), created["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>A pool (AutoVerifiedAttributes email unless the settings say otherwise) and a password client.</summary>
    public async Task<TestClient> CreatePoolAndClient(string? poolSettingsJson = null, string? clientSettingsJson = null) =>
        await CreateClient(await CreatePool(poolSettingsJson ?? """{ "AutoVerifiedAttributes": ["email"] }"""), clientSettingsJson);

    public static string SecretHash(string secret, string username, string clientId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username + clientId)));

    public Task<JsonNode> SignUp(TestClient client, string username, string password = Password, params (string Name, string Value)[] attributes)
    {
        var body = new JsonObject
        {
            ["ClientId"] = client.Id,
            ["Username"] = username,
            ["Password"] = password,
            ["UserAttributes"] = new JsonArray(attributes.Select(a => (JsonNode)new JsonObject { ["Name"] = a.Name, ["Value"] = a.Value }).ToArray()),
        };
        if (client.Secret is not null) body["SecretHash"] = SecretHash(client.Secret, username, client.Id);
        return Aws.Idp("SignUp", body.ToJsonString());
    }

    public Task<JsonNode> ConfirmSignUp(TestClient client, string username, string code, bool? forceAliasCreation = null)
    {
        var body = new JsonObject { ["ClientId"] = client.Id, ["Username"] = username, ["ConfirmationCode"] = code };
        if (forceAliasCreation is not null) body["ForceAliasCreation"] = forceAliasCreation;
        if (client.Secret is not null) body["SecretHash"] = SecretHash(client.Secret, username, client.Id);
        return Aws.Idp("ConfirmSignUp", body.ToJsonString());
    }

    public Task<JsonNode> AdminConfirmSignUp(string poolId, string username) =>
        Aws.Idp("AdminConfirmSignUp", new { UserPoolId = poolId, Username = username });

    /// <summary>Signs up and confirms by admin (email, if given, stays unverified); returns the sub.</summary>
    public async Task<string> ConfirmedUser(TestClient client, string username, string? email = null)
    {
        var signedUp = email is null ? await SignUp(client, username) : await SignUp(client, username, Password, ("email", email));
        await AdminConfirmSignUp(client.PoolId, username);
        return signedUp["UserSub"]!.GetValue<string>();
    }

    /// <summary>Signs up and confirms with the emailed code, so email_verified is "true"; returns the sub.</summary>
    public async Task<string> VerifiedUser(TestClient client, string username, string email)
    {
        var signedUp = await SignUp(client, username, Password, ("email", email));
        await ConfirmSignUp(client, username, await LatestCode(client.PoolId, username));
        return signedUp["UserSub"]!.GetValue<string>();
    }

    /// <summary>What the dev outbox holds for the pool and user, oldest first.</summary>
    public async Task<JsonArray> Messages(string poolId, string username)
    {
        var url = $"/_dev/messages?userPoolId={Uri.EscapeDataString(poolId)}&username={Uri.EscapeDataString(username)}";
        return (await Aws.Http.GetFromJsonAsync<JsonArray>(url))!;
    }

    public async Task<string> LatestCode(string poolId, string username)
    {
        var messages = await Messages(poolId, username);
        Assert.NotEmpty(messages);
        return messages[^1]!["code"]!.GetValue<string>();
    }

    public Task<JsonNode> InitiateAuth(TestClient client, string flow, Dictionary<string, string> parameters) =>
        Aws.Idp("InitiateAuth", new { AuthFlow = flow, ClientId = client.Id, AuthParameters = parameters });

    /// <summary>USER_PASSWORD_AUTH (with SECRET_HASH when the client has a secret); returns the whole response.</summary>
    public Task<JsonNode> PasswordAuth(TestClient client, string username, string password = Password)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password };
        if (client.Secret is not null) parameters["SECRET_HASH"] = SecretHash(client.Secret, username, client.Id);
        return InitiateAuth(client, "USER_PASSWORD_AUTH", parameters);
    }

    /// <summary>USER_PASSWORD_AUTH; returns the AuthenticationResult.</summary>
    public async Task<JsonNode> SignIn(TestClient client, string username, string password = Password) =>
        (await PasswordAuth(client, username, password))["AuthenticationResult"]!;

    public Task<JsonNode> Refresh(TestClient client, string refreshToken, string? secretHashUsername = null)
    {
        var parameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken };
        if (client.Secret is not null && secretHashUsername is not null) parameters["SECRET_HASH"] = SecretHash(client.Secret, secretHashUsername, client.Id);
        return InitiateAuth(client, "REFRESH_TOKEN_AUTH", parameters);
    }

    public Task<JsonNode> GetUser(string accessToken) => Aws.Idp("GetUser", new { AccessToken = accessToken });

    /// <summary>GetUser's attributes as a name → value map.</summary>
    public async Task<Dictionary<string, string>> UserAttributes(string accessToken) =>
        (await GetUser(accessToken))["UserAttributes"]!.AsArray()
            .ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());

    /// <summary>The call fails with exactly this AWS error type (and message, when given).</summary>
    public static async Task<AwsErrorException> Refused(string type, Func<Task> call, string? message = null)
    {
        var error = await AwsClient.Fails(call);
        Assert.True(type == error.Type, $"Expected {type}, got {error.Type}: {error.AwsMessage}");
        if (message is not null) Assert.Equal(message, error.AwsMessage);
        return error;
    }

    /// <summary>One value read straight from the host's database (PostgreSQL or SQLite), with @name parameters.</summary>
    public async Task<object?> Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        await using DbConnection connection = Host.PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(Host.DataDir, "cognitolite.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>Reads and re-signs compact JWTs without a JWT library.</summary>
public static class TestJwt
{
    public static JsonObject Header(string token) => Part(token, 0);

    public static JsonObject Claims(string token) => Part(token, 1);

    private static JsonObject Part(string token, int index) => JsonNode.Parse(FromBase64Url(token.Split('.')[index]))!.AsObject();

    /// <summary>A token with the given header and claims, signed RS256 with <paramref name="key"/> (or unsigned when null).</summary>
    public static string Sign(JsonObject header, JsonObject claims, RSA? key)
    {
        var input = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key is null ? "" : Base64Url(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return input + "." + signature;
    }

    /// <summary>Verifies an RS256 signature with the RSA public key (n, e) from a JWKS entry.</summary>
    public static bool Verifies(string token, JsonNode jwk)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = FromBase64Url(jwk["n"]!.GetValue<string>()), Exponent = FromBase64Url(jwk["e"]!.GetValue<string>()) });
        var parts = token.Split('.');
        return rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
