using System.Net;
using System.Xml.Linq;
using CognitoLite.Core.Credentials;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Sts;

/// <summary>An STS error as a Query-protocol client reads it from the XML body.</summary>
public sealed class StsErrorException(string code, string type, string message, HttpStatusCode status, string requestId) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
    public string Type { get; } = type;
    public string StsMessage { get; } = message;
    public HttpStatusCode Status { get; } = status;
    public string RequestId { get; } = requestId;
}

/// <summary>Speaks STS's Query protocol to the host as the SDKs do: a form post, an XML answer.</summary>
public sealed class StsClient(HttpClient http)
{
    public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>Posts `Action` (and Version) with the parameters; returns the `{Action}Result` element.</summary>
    public async Task<XElement> Call(string action, params (string Name, string Value)[] parameters)
    {
        using var response = await Post([("Action", action), ("Version", "2011-06-15"), .. parameters]);
        return await Result(response, action);
    }

    public async Task<HttpResponseMessage> Post(IEnumerable<(string Name, string Value)> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        return await http.SendAsync(request);
    }

    public static async Task<XElement> Result(HttpResponseMessage response, string action)
    {
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var error = document.Root!.Element(Ns + "Error")!;
            throw new StsErrorException(error.Element(Ns + "Code")!.Value, error.Element(Ns + "Type")!.Value, error.Element(Ns + "Message")!.Value,
                response.StatusCode, document.Root.Element(Ns + "RequestId")!.Value);
        }
        Assert.Equal(Ns + $"{action}Response", document.Root!.Name);
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(),
            document.Root.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
        return document.Root.Element(Ns + $"{action}Result")!;
    }

    /// <summary>The call fails with this STS code and status (Type Sender for 4xx); returns the error.</summary>
    public static async Task<StsErrorException> Error(string code, HttpStatusCode status, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (StsErrorException error)
        {
            Assert.Equal(code, error.Code);
            Assert.Equal(status, error.Status);
            Assert.Equal((int)status >= 500 ? "Receiver" : "Sender", error.Type);
            return error;
        }
        throw new Xunit.Sdk.XunitException($"Expected STS error {code}, but the call succeeded.");
    }
}

/// <summary>What STS tests share: minting cognito-identity OpenID tokens through the host, as GetOpenIdToken would.</summary>
public static class WebIdentityTokens
{
    public const string PoolId = "us-east-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    public const string OtherPoolId = "us-east-1:99999999-4b5a-6978-8a9b-0c1d2e3f4a5b";
    public static readonly string[] Authenticated = ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01"];

    public static string NewIdentityId() => "us-east-1:" + Guid.NewGuid();

    public static async Task<string> Mint(CognitoHost host, string identityId, string poolId = PoolId, string[]? amr = null,
        Dictionary<string, string>? tags = null, TimeSpan? lifetime = null)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OpenIdTokens>().Mint(identityId, poolId, amr ?? Authenticated, tags,
            lifetime ?? TimeSpan.FromMinutes(10), CancellationToken.None);
    }
}
