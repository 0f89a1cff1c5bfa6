using System.Text;
using System.Text.Json;
using CognitoLite.Core;
using CognitoLite.Core.Api;
using CognitoLite.Core.Credentials;

namespace CognitoLite.Server.AwsJson;

/// <summary>
/// POST / with X-Amz-Target: look the operation up, check the caller's signature where AWS requires one,
/// deserialise, validate against the API model, run the Core method, and answer in AWS JSON 1.1.
/// </summary>
internal static class AwsJsonEndpoint
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static async Task Handle(HttpContext context, CognitoOptions options, TimeProvider clock, ILogger<Operation> logger)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        context.Items["Operation"] = target.Length > 0 ? target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..] : "(no X-Amz-Target)";
        var ct = context.RequestAborted;
        try
        {
            if (!OperationTable.ByTarget.TryGetValue(target, out var operation))
                throw Errors.UnknownOperation(target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");

            var body = await ReadBody(context.Request, ct);
            if (!operation.Unsigned && options.Production)
                await VerifyAdminSignature(context.Request, body, operation, options, clock, ct);

            var request = Deserialize(body, operation.RequestType);
            ApiValidator.Validate(request);
            var response = await operation.Invoke(context.RequestServices, request, ct);

            context.Response.StatusCode = StatusCodes.Status200OK;
            await WriteJson(context.Response, response, response.GetType(), ct);
        }
        catch (CognitoException error)
        {
            context.Items["ErrorType"] = error.Type;
            await WriteError(context, error);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception unexpected)
        {
            var correlationId = context.Response.Headers["x-amzn-RequestId"].ToString();
            context.Items["ErrorType"] = "InternalErrorException";
            logger.LogError(unexpected, "Unexpected failure in {Target}, correlation id {CorrelationId}", target, correlationId);
            await WriteError(context, Errors.InternalError($"An internal error occurred. Correlation id: {correlationId}."));
        }
    }

    /// <summary>For the non-JSON-RPC endpoints (JWKS, discovery, dev): a Cognito error is still an AWS-shaped answer, never a 500.</summary>
    public static async Task CatchErrors(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (CognitoException error)
        {
            context.Items["ErrorType"] = error.Type;
            await WriteError(context, error);
        }
    }

    public static async Task WriteError(HttpContext context, CognitoException error)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = error.Status;
        context.Response.Headers["x-amzn-ErrorType"] = error.Type + ":";
        context.Response.Headers["x-amzn-ErrorMessage"] = HeaderSafe(error.Message);
        await WriteJson(context.Response, new ErrorBody(error.Type, error.Message), typeof(ErrorBody), CancellationToken.None);
    }

    /// <summary>
    /// The whole answer in one write with a Content-Length. Streamed, Kestrel would chunk it, and the closing chunk
    /// goes out only after the request-log middleware has run: the client's answer would wait for the log line.
    /// </summary>
    private static async Task WriteJson(HttpResponse response, object value, Type type, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type, CognitoJson.Options);
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }

    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

    public static async Task<byte[]> ReadBody(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Errors.Serialization("The request body is too large.");
        }
        return buffer.ToArray();
    }

    private static object Deserialize(byte[] body, Type type)
    {
        if (body.Length == 0 || body.AsSpan().Trim(" \t\r\n"u8).Length == 0) body = "{}"u8.ToArray();
        try
        {
            return JsonSerializer.Deserialize(body, type, CognitoJson.Options)
                ?? throw Errors.Serialization("Start of structure or map expected, found null.");
        }
        catch (JsonException malformed)
        {
            var where = string.IsNullOrEmpty(malformed.Path) || malformed.Path == "$" ? "" : $" at {malformed.Path.TrimStart('$', '.')}";
            throw Errors.Serialization(malformed.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? $"Unexpected value type{where}."
                : $"The request body is not valid JSON{where}.");
        }
    }

    private static async Task VerifyAdminSignature(HttpRequest request, byte[] body, Operation operation, CognitoOptions options, TimeProvider clock, CancellationToken ct)
    {
        var service = operation.Target.StartsWith("AWSCognitoIdentityService.", StringComparison.Ordinal) ? "cognito-identity" : "cognito-idp";
        await SigV4Verifier.Verify(
            SignedRequests.From(request, body),
            service,
            (accessKeyId, _) => ValueTask.FromResult(options.AdminCredentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId)?.SecretAccessKey),
            clock.GetUtcNow(),
            options.SignatureClockSkew,
            ct);
    }

    private static string HeaderSafe(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var c in message) builder.Append(c is >= ' ' and <= '~' ? c : ' ');
        return builder.ToString();
    }
}
