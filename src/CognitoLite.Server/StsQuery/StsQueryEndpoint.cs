using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CognitoLite.Core;
using CognitoLite.Core.Credentials;
using CognitoLite.Server.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CognitoLite.Server.StsQuery;

/// <summary>
/// STS over the AWS Query protocol (spec/protocol.md §4): `Action=...&amp;Version=2011-06-15` in a form body (or a GET
/// query string) on the same `/` as the JSON services, answered in STS's XML, errors included.
/// </summary>
internal static class StsQueryEndpoint
{
    public const string Version = "2011-06-15";
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>A POST for STS rather than an AWS JSON service: no X-Amz-Target, and a form body.</summary>
    public static bool Accepts(HttpRequest request) =>
        !request.Headers.ContainsKey("X-Amz-Target")
        && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public static async Task Handle(HttpContext context)
    {
        var ct = context.RequestAborted;
        try
        {
            var body = HttpMethods.IsPost(context.Request.Method) ? await RequestBody.Read(context.Request, ct) : [];
            var parameters = HttpMethods.IsPost(context.Request.Method)
                ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(RequestBody.Decode(context.Request, body)))
                : QueryHelpers.ParseQuery(context.Request.QueryString.Value);
            string? Parameter(string name) => parameters.TryGetValue(name, out var values) ? values.ToString() : null;

            var action = Parameter("Action");
            if (string.IsNullOrEmpty(action)) throw Errors.MissingAction("Missing Action");
            context.Items["Operation"] = action;
            var version = Parameter("Version") ?? throw Errors.MissingParameter("The request must contain the parameter Version");
            if (version != Version) throw Errors.InvalidAction($"Could not find operation {action} for version {version}");

            var services = context.RequestServices;
            var result = action switch
            {
                "AssumeRoleWithWebIdentity" => await AssumeRoleWithWebIdentity(services.GetRequiredService<SecurityTokenService>(), Parameter,
                    parameters.Keys.Any(k => k.StartsWith("PolicyArns.", StringComparison.Ordinal)), ct),
                "GetCallerIdentity" => await GetCallerIdentity(context, services, body, ct),
                _ => throw Errors.InvalidAction($"Could not find operation {action} for version {version}"),
            };
            await Write(context, StatusCodes.Status200OK, new XElement(Ns + $"{action}Response",
                new XElement(Ns + $"{action}Result", result),
                new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", RequestIds.Of(context)))));
        }
        catch (CognitoException error)
        {
            await WriteError(context, error);
        }
        catch (BadHttpRequestException unreadable)
        {
            await WriteError(context, Errors.BadRequest(unreadable.Message, unreadable.StatusCode));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception unexpected)
        {
            var logger = context.RequestServices.GetRequiredService<ILogger<SecurityTokenService>>();
            logger.LogError(unexpected, "Unexpected failure in STS {Action}, correlation id {CorrelationId}", context.Items["Operation"], RequestIds.Of(context));
            await WriteError(context, Errors.InternalFailure($"An internal error occurred. Correlation id: {RequestIds.Of(context)}."));
        }
    }

    private static async Task<object[]> AssumeRoleWithWebIdentity(SecurityTokenService sts, Func<string, string?> parameter, bool policyArns, CancellationToken ct)
    {
        var assumed = await sts.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest(
            parameter("RoleArn"), parameter("RoleSessionName"), parameter("WebIdentityToken"), parameter("DurationSeconds"),
            parameter("Policy"), parameter("ProviderId"), policyArns), ct);
        return
        [
            new XElement(Ns + "SubjectFromWebIdentityToken", assumed.Identity.Subject),
            new XElement(Ns + "Audience", assumed.Identity.Audience),
            new XElement(Ns + "AssumedRoleUser",
                new XElement(Ns + "Arn", assumed.AssumedRoleUser.Arn),
                new XElement(Ns + "AssumedRoleId", assumed.AssumedRoleUser.AssumedRoleId)),
            new XElement(Ns + "Credentials",
                new XElement(Ns + "AccessKeyId", assumed.Credentials.AccessKeyId),
                new XElement(Ns + "SecretAccessKey", assumed.Credentials.SecretAccessKey),
                new XElement(Ns + "SessionToken", assumed.Credentials.SessionToken),
                new XElement(Ns + "Expiration", Iso(assumed.Credentials.Expiration))),
            new XElement(Ns + "Provider", assumed.Identity.Provider),
        ];
    }

    private static async Task<object[]> GetCallerIdentity(HttpContext context, IServiceProvider services, byte[] body, CancellationToken ct)
    {
        SignedCaller caller;
        try
        {
            caller = await services.GetRequiredService<TemporaryCredentials>().Authenticate(SignedRequests.From(context.Request, body), "sts", ct);
        }
        catch (CognitoException unauthenticated)
        {
            throw Errors.InQueryProtocol(unauthenticated);
        }
        var identity = services.GetRequiredService<SecurityTokenService>().GetCallerIdentity(caller);
        return
        [
            new XElement(Ns + "UserId", identity.UserId),
            new XElement(Ns + "Account", identity.Account),
            new XElement(Ns + "Arn", identity.Arn),
        ];
    }

    private static async Task WriteError(HttpContext context, CognitoException error)
    {
        context.Items["ErrorType"] = error.Type;
        if (context.Response.HasStarted) return;
        await Write(context, error.Status, new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error",
                new XElement(Ns + "Type", error.Status >= 500 ? "Receiver" : "Sender"),
                new XElement(Ns + "Code", error.Type),
                new XElement(Ns + "Message", XmlSafe(error.Message))),
            new XElement(Ns + "RequestId", RequestIds.Of(context))));
    }

    private static async Task Write(HttpContext context, int status, XElement root)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(root.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    /// <summary>A message may echo what the client sent; characters XML cannot carry become '?'.</summary>
    private static string XmlSafe(string text) => string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '?'));

    private static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
