using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core.Triggers;

/// <summary>
/// Calls a trigger's function with its event and returns the function's answer, as Cognito does: synchronously, each
/// attempt given 5 seconds (CognitoLite:Lambda:TimeoutMilliseconds), and an attempt that timed out, could not connect or
/// was throttled or failed by the Invoke API tried again, three attempts in all (Cognito's documented "retries the call;
/// after 3 unsuccessful attempts, the function times out"). An answer that arrives after its attempt gave up is never read.
/// A function with a webhook (CognitoLite:Lambda:Functions) is POSTed the event; any other goes to the Lambda Invoke API
/// at CognitoLite:Lambda:Endpoint, SigV4-signed for the region of its ARN.
/// </summary>
public sealed partial class LambdaInvoker(CognitoOptions options, TimeProvider clock, ILogger<LambdaInvoker> logger)
{
    private const int Attempts = 3;
    private const string Timeout = "Socket timeout while invoking Lambda function";

    // One client for the process; each attempt carries its own timeout. Lambda's own limit on a response is 6 MB.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = 6 * 1024 * 1024,
    };

    private sealed record Target(Uri Url, string? SigningRegion);

    /// <summary>The response object of the event the function returned (empty when it returned none).</summary>
    /// <param name="trigger">The trigger's name in Cognito's messages: PreSignUp, PostConfirmation, PreTokenGeneration…</param>
    /// <param name="answerRead">False for the custom senders, whose functions return nothing Cognito reads: any answer that
    /// is not an error will do.</param>
    public async Task<JsonObject> Invoke(string trigger, string functionArn, JsonObject @event, CancellationToken ct, bool answerRead = true)
    {
        var started = Stopwatch.GetTimestamp();
        var result = Telemetry.Success;
        try
        {
            return await Call(trigger, functionArn, @event, answerRead, ct);
        }
        catch (Exception failed)
        {
            result = failed is CognitoException refused ? refused.Type : failed.GetType().Name;
            throw;
        }
        finally
        {
            Telemetry.TriggerInvoked(trigger, result, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<JsonObject> Call(string trigger, string functionArn, JsonObject @event, bool answerRead, CancellationToken ct)
    {
        var target = Resolve(trigger, functionArn);
        var body = JsonSerializer.SerializeToUtf8Bytes(@event);
        var failure = Timeout;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptToken.CancelAfter(options.Lambda.TimeoutMilliseconds);
            try
            {
                using var request = Request(target, body);
                using var response = await Http.SendAsync(request, attemptToken.Token);
                var text = await response.Content.ReadAsStringAsync(attemptToken.Token);
                var (answer, retry) = Read(trigger, target, response, text, answerRead);
                if (answer is not null) return answer;
                failure = retry!;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = Timeout;
            }
            catch (HttpRequestException error)
            {
                failure = error.Message;
            }
            LogAttemptFailed(logger, trigger, functionArn, attempt, failure);
        }
        throw Errors.UnexpectedLambda(trigger, failure);
    }

    /// <summary>Where the function is: its webhook (by ARN, then by function name), else the Invoke API.</summary>
    private Target Resolve(string trigger, string functionArn)
    {
        var lambda = options.Lambda;
        if (lambda.Functions.TryGetValue(functionArn, out var hook) || lambda.Functions.TryGetValue(FunctionName(functionArn), out hook))
            return new Target(new Uri(hook), null);
        if (lambda.Endpoint is null)
        {
            LogNotConfigured(logger, trigger, functionArn);
            throw Errors.UnexpectedLambda(trigger, "ResourceNotFoundException");
        }
        var url = new Uri(lambda.Endpoint.TrimEnd('/') + "/2015-03-31/functions/" + Uri.EscapeDataString(functionArn) + "/invocations");
        return new Target(url, ArnPart(functionArn, 3) ?? options.Region);
    }

    private HttpRequestMessage Request(Target target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (target.SigningRegion is not null)
        {
            request.Headers.Add("X-Amz-Invocation-Type", "RequestResponse");
            SigV4Signer.Sign(request, body, target.SigningRegion, "lambda", options.Lambda.AccessKeyId, options.Lambda.SecretAccessKey, clock.GetUtcNow());
        }
        return request;
    }

    /// <summary>
    /// Reads an answer: the response of the event the function returned, its error (thrown as UserLambdaValidationException),
    /// a failure worth another attempt (Retry says which), or one that is not (thrown). The Invoke API reports a function
    /// error as 200 with X-Amz-Function-Error; a webhook as a 4xx or 5xx with errorMessage.
    /// </summary>
    private (JsonObject? Answer, string? Retry) Read(string trigger, Target target, HttpResponseMessage response, string text, bool answerRead)
    {
        var status = (int)response.StatusCode;
        var invokeApi = target.SigningRegion is not null;
        if (invokeApi && status == 200 && response.Headers.Contains("X-Amz-Function-Error"))
            throw Errors.UserLambdaValidation(trigger, ErrorMessage(text) ?? "");
        if (invokeApi ? status == 200 : status is >= 200 and < 300)
            return (answerRead ? ResponseOf(trigger, text) : [], null);
        if (!invokeApi && status >= 400 && ErrorMessage(text) is { } message)
            throw Errors.UserLambdaValidation(trigger, message);
        var error = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0]
            : response.StatusCode == HttpStatusCode.NotFound ? "ResourceNotFoundException"
            : $"HTTP {status}";
        if (status == 429 || status >= 500) return (null, error);
        throw Errors.UnexpectedLambda(trigger, error);
    }

    /// <summary>The response object of a returned event: the answer must be a JSON object; its response may be absent.</summary>
    private JsonObject ResponseOf(string trigger, string text)
    {
        JsonNode? returned;
        try
        {
            returned = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            returned = null;
        }
        if (returned is not JsonObject returnedEvent) throw Invalid(trigger, "the answer is not a JSON object (the event, returned)");
        return returnedEvent["response"] switch
        {
            null => [],
            JsonObject response => (JsonObject)response.DeepClone(),
            _ => throw Invalid(trigger, "response is not an object"),
        };
    }

    /// <summary>An answer Cognito cannot read: the caller sees Cognito's words, the log says what was wrong.</summary>
    internal CognitoException Invalid(string trigger, string reason)
    {
        LogInvalidResponse(logger, trigger, reason);
        return Errors.InvalidLambdaResponse();
    }

    private static string? ErrorMessage(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject error && error["errorMessage"] is JsonValue value && value.TryGetValue<string>(out var message) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The function name of `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` (the whole text otherwise).</summary>
    private static string FunctionName(string arn) => ArnPart(arn, 6) ?? arn;

    private static string? ArnPart(string arn, int index)
    {
        var parts = arn.Split(':');
        return parts.Length > 6 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" ? parts[index] : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Trigger}: attempt {Attempt} to invoke {Function} failed: {Failure}")]
    private static partial void LogAttemptFailed(ILogger logger, string trigger, string function, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Trigger}: {Function} cannot be invoked: set CognitoLite:Lambda:Endpoint (a Lambda Invoke API) or a webhook CognitoLite:Lambda:Functions:<name or ARN>")]
    private static partial void LogNotConfigured(ILogger logger, string trigger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Trigger}: invalid Lambda response: {Reason}")]
    private static partial void LogInvalidResponse(ILogger logger, string trigger, string reason);
}
