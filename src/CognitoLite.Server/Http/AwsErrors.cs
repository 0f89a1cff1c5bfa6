using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CognitoLite.Core;
using CognitoLite.Core.Api;

namespace CognitoLite.Server.Http;

/// <summary>
/// Every failure outside STS's XML answers as AWS's JSON services do: the status, `{"__type", "message"}` and the
/// x-amzn-ErrorType header. A CognitoException is the client's fault; anything else is ours (500, logged with the
/// request id); an error status an endpoint or the router set without a body (404, 405) gets one too.
/// </summary>
internal static class AwsErrors
{
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>Longer messages (one echoing a huge header) are cut in the header copy, which clients cap; the body keeps them whole.</summary>
    private const int MaxHeaderMessage = 1024;

    public static async Task Answer(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await Write(context, ForStatus(context));
        }
        catch (CognitoException error)
        {
            await Write(context, error);
        }
        catch (BadHttpRequestException unreadable)
        {
            // What Kestrel refuses while the app reads the request: a broken chunked body, a client too slow to send.
            await Write(context, Errors.BadRequest(unreadable.Message, unreadable.StatusCode));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception unexpected)
        {
            var correlationId = RequestIds.Of(context);
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AwsErrors)).LogError(unexpected,
                "Unexpected failure in {Operation}, correlation id {CorrelationId}",
                context.Items.TryGetValue("Operation", out var operation) ? operation : $"{context.Request.Method} {context.Request.Path}", correlationId);
            await Write(context, Errors.InternalError($"An internal error occurred. Correlation id: {correlationId}."));
        }
    }

    public static async Task Write(HttpContext context, CognitoException error)
    {
        context.Items["ErrorType"] = error.Type;
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
    public static async Task WriteJson(HttpResponse response, object value, Type type, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type, CognitoJson.Options);
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }

    private static CognitoException ForStatus(HttpContext context)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        return status switch
        {
            StatusCodes.Status404NotFound => Errors.UnknownOperation($"Nothing is served at {request.Method} {request.Path}. GET / lists the endpoints.", status),
            StatusCodes.Status405MethodNotAllowed => Errors.UnknownOperation($"{request.Path} does not accept {request.Method}.", status),
            >= 500 => Errors.InternalError($"An internal error occurred. Correlation id: {RequestIds.Of(context)}."),
            _ => Errors.BadRequest($"The request was refused with HTTP status {status}.", status),
        };
    }

    private sealed record ErrorBody(
        [property: JsonPropertyName("__type")] string Type,
        [property: JsonPropertyName("message")] string Message);

    private static string HeaderSafe(string message)
    {
        var builder = new StringBuilder(Math.Min(message.Length, MaxHeaderMessage));
        foreach (var c in message.Length > MaxHeaderMessage ? message[..MaxHeaderMessage] : message)
            builder.Append(c is >= ' ' and <= '~' ? c : ' ');
        return builder.ToString();
    }
}
