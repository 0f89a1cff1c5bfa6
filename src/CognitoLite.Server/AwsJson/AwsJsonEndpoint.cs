using System.Text.Json;
using CognitoLite.Core;
using CognitoLite.Core.Api;
using CognitoLite.Core.Credentials;
using CognitoLite.Server.Http;
using CognitoLite.Server.Telemetry;

namespace CognitoLite.Server.AwsJson;

/// <summary>
/// POST / with X-Amz-Target: look the operation up, check the caller's signature where AWS requires one,
/// deserialise, validate against the API model, run the Core method, and answer in AWS JSON 1.1.
/// Failures are thrown and answered by <see cref="AwsErrors"/>.
/// </summary>
internal static class AwsJsonEndpoint
{
    public static async Task Handle(HttpContext context, CognitoOptions options, TimeProvider clock)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        context.Items["Operation"] = target.Length > 0 ? target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..] : "(no X-Amz-Target)";
        var ct = context.RequestAborted;
        if (!OperationTable.ByTarget.TryGetValue(target, out var operation))
            throw Errors.UnknownOperation(target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");

        var body = await RequestBody.Read(context.Request, ct);
        if (!operation.Unsigned && options.Production)
            await VerifyAdminSignature(context.Request, body, operation, options, clock, ct);

        var request = Deserialize(RequestBody.Decode(context.Request, body), operation.RequestType);
        // The same model failure is ValidationException on cognito-identity, InvalidParameterException on cognito-idp.
        ApiValidator.Validate(request, operation.Service == "cognito-identity" ? Errors.Validation : Errors.InvalidParameter);
        Operations.Describe(context, request);
        var response = await operation.Invoke(context.RequestServices, request, ct);

        context.Response.StatusCode = StatusCodes.Status200OK;
        await AwsErrors.WriteJson(context.Response, response, response.GetType(), ct);
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
        await SigV4Verifier.Verify(
            SignedRequests.From(request, body),
            operation.Service,
            (accessKeyId, _) => ValueTask.FromResult(options.AdminCredentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId)?.SecretAccessKey),
            clock.GetUtcNow(),
            options.SignatureClockSkew,
            ct);
    }
}
