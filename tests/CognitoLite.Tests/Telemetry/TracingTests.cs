using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Telemetry;

/// <summary>
/// The activities of CognitoLite and ASP.NET Core as a tracer (OpenTelemetry's) sees them: an ActivityListener that records
/// every one, each request sent with a traceparent of its own so that a test finds the activities of its own requests.
/// </summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Activity>> _stopped = new();
    private readonly ConcurrentDictionary<ActivityTraceId, TaskCompletionSource> _requestStopped = new();
    private readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "CognitoLite" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _stopped.GetOrAdd(activity.TraceId, _ => new()).Enqueue(activity);
                if (activity.Source.Name == "Microsoft.AspNetCore") Stopped(activity.TraceId).TrySetResult();
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// The activities of one request's trace once ASP.NET Core's request activity, the outermost, has stopped: that happens
    /// after the answer was written, so a test holding the answer may not have it yet.
    /// </summary>
    public async Task<List<Activity>> Trace(ActivityTraceId traceId)
    {
        await Stopped(traceId).Task.WaitAsync(TimeSpan.FromSeconds(30));
        return [.. _stopped[traceId]];
    }

    private TaskCompletionSource Stopped(ActivityTraceId traceId) =>
        _requestStopped.GetOrAdd(traceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Dispose() => _listener.Dispose();
}

/// <summary>An Activity per operation: its name, pool, client and outcome, in the caller's trace, and nothing secret.</summary>
public sealed class TracingTests(SqliteHost fixture) : IClassFixture<SqliteHost>, IDisposable
{
    private const string WrongPassword = "Wrong-passw0rd";
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly ActivityRecorder _recorder = new();

    public void Dispose() => _recorder.Dispose();

    /// <summary>One traced request: sent with a traceparent of a new trace; its answer and the activities of that trace.</summary>
    private async Task<(string Answer, Activity Operation, Activity Request, ActivitySpanId CallerSpan)> Traced(HttpRequestMessage request)
    {
        var (traceId, callerSpan) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await fixture.Host.CreateClient().SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        var trace = await _recorder.Trace(traceId);
        return (answer, Assert.Single(trace, a => a.Source.Name == "CognitoLite"), Assert.Single(trace, a => a.Source.Name == "Microsoft.AspNetCore"), callerSpan);
    }

    private static HttpRequestMessage Idp(string operation, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        return request;
    }

    private static HttpRequestMessage PasswordAuth(TestClient client, string password) => Idp("InitiateAuth", new
    {
        AuthFlow = "USER_PASSWORD_AUTH", ClientId = client.Id, AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = password },
    });

    private static object? Tag(Activity activity, string name) => activity.GetTagItem(name);

    [Fact]
    public async Task A_sign_in_is_an_activity_in_the_callers_trace_with_its_operation_pool_client_and_outcome()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "alice");

        var refused = await Traced(PasswordAuth(client, WrongPassword));
        var signedIn = await Traced(PasswordAuth(client, IdpFlows.Password));

        foreach (var (_, operation, request, callerSpan) in new[] { refused, signedIn })
        {
            Assert.Equal("InitiateAuth", operation.DisplayName);
            Assert.Equal("InitiateAuth", Tag(operation, "cognitolite.operation"));
            Assert.Equal(client.PoolId, Tag(operation, "cognitolite.user_pool_id"));
            Assert.Equal(client.Id, Tag(operation, "cognitolite.client_id"));
            // The caller's span, then ASP.NET Core's request, then the operation.
            Assert.Equal(callerSpan, request.ParentSpanId);
            Assert.Equal(request.SpanId, operation.ParentSpanId);
        }
        Assert.Equal("NotAuthorizedException", Tag(refused.Operation, "cognitolite.outcome"));
        Assert.Equal("success", Tag(signedIn.Operation, "cognitolite.outcome"));

        var tokens = JsonNode.Parse(signedIn.Answer)!["AuthenticationResult"]!;
        string[] secrets = [WrongPassword, IdpFlows.Password, tokens["AccessToken"].Str(), tokens["IdToken"].Str(), tokens["RefreshToken"].Str()];
        var values = new[] { refused, signedIn }.SelectMany(t => new[] { t.Operation, t.Request })
            .SelectMany(a => a.TagObjects.Select(tag => tag.Value?.ToString() ?? "").Append(a.DisplayName)).ToList();
        Assert.DoesNotContain(values, value => secrets.Any(secret => value.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_admin_operation_names_its_pool_and_an_OAuth_endpoint_its_client_and_OAuth_error()
    {
        var client = await _idp.CreatePoolAndClient();

        var described = await Traced(Idp("DescribeUserPoolClient", new { UserPoolId = client.PoolId, ClientId = client.Id }));
        var token = await Traced(new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = client.Id }),
        });

        Assert.Equal("DescribeUserPoolClient", described.Operation.DisplayName);
        Assert.Equal(client.PoolId, Tag(described.Operation, "cognitolite.user_pool_id"));
        Assert.Equal(client.Id, Tag(described.Operation, "cognitolite.client_id"));
        Assert.Equal("success", Tag(described.Operation, "cognitolite.outcome"));
        Assert.Equal("POST /oauth2/token", token.Operation.DisplayName);
        Assert.Equal(client.PoolId, Tag(token.Operation, "cognitolite.user_pool_id"));
        Assert.Equal(client.Id, Tag(token.Operation, "cognitolite.client_id"));
        Assert.Equal("unauthorized_client", Tag(token.Operation, "cognitolite.outcome"));
    }
}
