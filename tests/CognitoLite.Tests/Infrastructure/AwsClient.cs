using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>An AWS error as a client reads it: the __type, the message and the HTTP status.</summary>
public sealed class AwsErrorException(string type, string message, HttpStatusCode status, HttpResponseMessage response) : Exception($"{type}: {message}")
{
    public string Type { get; } = type;
    public string AwsMessage { get; } = message;
    public HttpStatusCode Status { get; } = status;
    public HttpResponseMessage Response { get; } = response;
}

/// <summary>Speaks AWS JSON 1.1 to the host, as the SDKs do.</summary>
public sealed class AwsClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public Task<JsonNode> Idp(string operation, object body) => Call("AWSCognitoIdentityProviderService." + operation, body);

    public Task<JsonNode> Identity(string operation, object body) => Call("AWSCognitoIdentityService." + operation, body);

    public async Task<JsonNode> Call(string target, object body)
    {
        var response = await Send(target, body as string ?? JsonSerializer.Serialize(body));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var error = JsonNode.Parse(text)!;
            throw new AwsErrorException(error["__type"]!.GetValue<string>(), error["message"]?.GetValue<string>() ?? "", response.StatusCode, response);
        }
        return JsonNode.Parse(text)!;
    }

    public async Task<HttpResponseMessage> Send(string? target, string body, string contentType = "application/x-amz-json-1.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return await Http.SendAsync(request);
    }

    public static async Task<AwsErrorException> Fails(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AwsErrorException error)
        {
            return error;
        }
        throw new Xunit.Sdk.XunitException("Expected the call to fail with an AWS error, but it succeeded.");
    }
}
