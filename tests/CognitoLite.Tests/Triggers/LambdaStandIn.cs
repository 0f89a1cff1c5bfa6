using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core;
using CognitoLite.Core.Credentials;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Tests.Triggers;

/// <summary>One invocation as the stand-in received it.</summary>
/// <param name="Signer">Who signed it, as SigV4Verifier established (null for a webhook call, which is not signed).</param>
/// <param name="SignatureError">Why the signature did not verify, for an Invoke API call that was not signed right.</param>
public sealed record Invocation(string Function, JsonObject Event, bool InvokeApi, string RawTarget, IReadOnlyDictionary<string, string> Headers,
    SigV4Caller? Signer, string? SignatureError);

/// <summary>What a function answers to one invocation.</summary>
public abstract record Answer
{
    /// <summary>The event returned, its response filled by <paramref name="fill"/> (unchanged when null).</summary>
    public static Answer Returns(Action<JsonObject>? fill = null) => new ReturnsEvent(fill);

    /// <summary>The function threw: the Invoke API's 200 with X-Amz-Function-Error, or a webhook's 400 with errorMessage.</summary>
    public static Answer Throws(string message) => new FunctionError(message);

    /// <summary>An HTTP status and body of the stand-in's own (a 404 with Lambda's ResourceNotFoundException header).</summary>
    public static Answer Status(int status, string body = "") => new StatusAnswer(status, body);

    /// <summary>A 200 with this body, whatever it is.</summary>
    public static Answer Body(string text) => new StatusAnswer(200, text);

    /// <summary>No answer until the caller gives up.</summary>
    public static readonly Answer Hangs = new Silent();

    internal sealed record ReturnsEvent(Action<JsonObject>? Fill) : Answer;
    internal sealed record FunctionError(string Message) : Answer;
    internal sealed record StatusAnswer(int Code, string Text) : Answer;
    internal sealed record Silent : Answer;
}

/// <summary>
/// A Lambda Invoke API (POST /2015-03-31/functions/{FunctionName}/invocations) and a webhook host (POST /hooks/{name}) in
/// the test process, on Kestrel at a free loopback port: it records every invocation, checks the SigV4 signature of Invoke
/// API calls with Core's verifier (credentials test/test), and answers as the test programmed the function. A function
/// nobody programmed does not exist: 404, as Lambda answers.
/// </summary>
public sealed class LambdaStandIn : IAsyncDisposable
{
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue<Answer>> _answers = new();
    private readonly List<Invocation> _calls = [];

    private LambdaStandIn(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<LambdaStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var standIn = new LambdaStandIn(builder.Build());
        standIn._app.MapPost("/2015-03-31/functions/{name}/invocations", (HttpContext context, string name) => standIn.Serve(context, FunctionName(name), invokeApi: true));
        standIn._app.MapPost("/hooks/{name}", (HttpContext context, string name) => standIn.Serve(context, name, invokeApi: false));
        await standIn._app.StartAsync();
        var address = standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Address = new Uri(address + "/");
        return standIn;
    }

    /// <summary>The ARN a pool's LambdaConfig names for a function of this stand-in.</summary>
    public static string Arn(string function, string region = "us-east-1") => $"arn:aws:lambda:{region}:000000000000:function:{function}";

    /// <summary>What the function answers, call after call; the last answer repeats. Forgets the function's earlier calls.</summary>
    public void Program(string function, params Answer[] answers)
    {
        lock (_calls)
        {
            _answers[function] = new Queue<Answer>(answers);
            _calls.RemoveAll(c => c.Function == function);
        }
    }

    /// <summary>The function's invocations, oldest first.</summary>
    public List<Invocation> Calls(string function)
    {
        lock (_calls) return _calls.Where(c => c.Function == function).ToList();
    }

    /// <summary>The function's single invocation's event.</summary>
    public JsonObject Event(string function) => Assert.Single(Calls(function)).Event;

    /// <summary>Which of these functions were called, in the order of the calls.</summary>
    public List<string> Order(params string[] functions)
    {
        lock (_calls) return _calls.Where(c => functions.Contains(c.Function)).Select(c => c.Function).ToList();
    }

    private async Task Serve(HttpContext context, string function, bool invokeApi)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        SigV4Caller? signer = null;
        string? signatureError = null;
        if (invokeApi)
        {
            try
            {
                var request = new SignedRequest("POST", rawTarget.Split('?')[0], "", [.. headers.Select(h => KeyValuePair.Create(h.Key, h.Value))], body);
                signer = await SigV4Verifier.Verify(request, "lambda",
                    (key, _) => ValueTask.FromResult(key == AccessKeyId ? SecretAccessKey : null), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15), context.RequestAborted);
            }
            catch (CognitoException error)
            {
                signatureError = $"{error.Type}: {error.Message}";
            }
        }
        var @event = JsonNode.Parse(body)!.AsObject();
        lock (_calls) _calls.Add(new Invocation(function, (JsonObject)@event.DeepClone(), invokeApi, rawTarget, headers, signer, signatureError));

        if (!_answers.TryGetValue(function, out var queue))
        {
            await Respond(context, 404, """{"Type":"User","message":"Function not found"}""", invokeApi ? "ResourceNotFoundException" : null);
            return;
        }
        Answer answer;
        lock (queue) answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        switch (answer)
        {
            case Answer.ReturnsEvent returns:
                returns.Fill?.Invoke(@event["response"] as JsonObject ?? throw new InvalidOperationException("The event has no response object."));
                await Respond(context, 200, @event.ToJsonString(), null);
                break;
            case Answer.FunctionError error:
                var payload = new JsonObject { ["errorMessage"] = error.Message, ["errorType"] = "Error", ["stackTrace"] = new JsonArray() }.ToJsonString();
                if (invokeApi) context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await Respond(context, invokeApi ? 200 : 400, payload, null);
                break;
            case Answer.StatusAnswer status:
                await Respond(context, status.Code, status.Text, status.Code == 404 && invokeApi ? "ResourceNotFoundException" : null);
                break;
            default:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The caller gave up, as it should.
                }
                break;
        }
    }

    private static async Task Respond(HttpContext context, int status, string body, string? errorType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (errorType is not null) context.Response.Headers["x-amzn-ErrorType"] = errorType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The function a FunctionName names: its name, or the name in its ARN.</summary>
    private static string FunctionName(string functionName)
    {
        var parts = Uri.UnescapeDataString(functionName).Split(':');
        return parts.Length >= 7 ? parts[6] : parts[0];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// A host whose pools' triggers run in a <see cref="LambdaStandIn"/>: through its Invoke API by default, through its
/// webhooks for the functions "hook" (configured by name) and "hook-by-arn" (configured by ARN).
/// </summary>
public abstract class TriggerHost : HostFixture
{
    public const string Hook = "hook";
    public const string HookByArn = "hook-by-arn";

    public LambdaStandIn Lambda { get; private set; } = null!;

    /// <summary>CognitoLite:Lambda:TimeoutMilliseconds; Cognito's 5 seconds unless a fixture needs timeouts to come sooner.</summary>
    protected virtual int TimeoutMilliseconds => 5000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Lambda:Endpoint"] = Lambda.Address.ToString(),
        ["CognitoLite:Lambda:TimeoutMilliseconds"] = TimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"CognitoLite:Lambda:Functions:{Hook}"] = new Uri(Lambda.Address, "hooks/" + Hook).ToString(),
        [$"CognitoLite:Lambda:Functions:{LambdaStandIn.Arn(HookByArn)}"] = new Uri(Lambda.Address, "hooks/" + HookByArn).ToString(),
    };

    public override async Task InitializeAsync()
    {
        Lambda = await LambdaStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Lambda.DisposeAsync();
    }
}

public sealed class TriggerHost<TStore> : TriggerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}

/// <summary>A trigger host whose invocations time out after 1 second, for the timeout and retry paths.</summary>
public sealed class ShortTimeoutTriggerHost<TStore> : TriggerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    protected override int TimeoutMilliseconds => 1000;
}

public static class JsonAssert
{
    /// <summary>The JSON is exactly this: every member with its value, and no other member.</summary>
    public static void Same(string expected, JsonNode? actual)
    {
        var wanted = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(wanted, actual), $"Expected\n{wanted!.ToJsonString()}\nbut got\n{actual?.ToJsonString()}");
    }
}
