using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Testing.Sample;

/// <summary>
/// The ids in seed.json, and a Cognito user-pool client in a few lines of raw AWS JSON (an app would use the AWS SDK
/// with its ServiceURL set to the server's Endpoint; CognitoLite.Testing needs neither).
/// </summary>
public sealed class Cognito(Uri endpoint) : IDisposable
{
    public const string UserPoolId = "us-east-1_Sample0001";
    public const string ClientId = "sampleclient00000000000001";

    private readonly HttpClient _http = new() { BaseAddress = endpoint };

    /// <summary>Calls a `cognito-idp` operation; an AWS error is thrown as <see cref="CognitoException"/>.</summary>
    public async Task<JsonNode> Call(string operation, object request)
    {
        using var content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        content.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        using var response = await _http.PostAsync(new Uri("/", UriKind.Relative), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return response.IsSuccessStatusCode ? answer : throw new CognitoException(answer["__type"]!.GetValue<string>());
    }

    public Task<JsonNode> SignUp(string username, string email) => Call("SignUp", new
    {
        ClientId, Username = username, Password = "Passw0rd!",
        UserAttributes = new[] { new { Name = "email", Value = email } },
    });

    /// <summary>USER_PASSWORD_AUTH; the tokens.</summary>
    public async Task<JsonNode> SignIn(string username, string password) => (await Call("InitiateAuth", new
    {
        ClientId, AuthFlow = "USER_PASSWORD_AUTH",
        AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
    }))["AuthenticationResult"]!;

    public void Dispose() => _http.Dispose();
}

public sealed class CognitoException(string type) : Exception(type)
{
    public string Type { get; } = type;
}
