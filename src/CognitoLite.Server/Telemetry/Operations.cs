using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using CognitoLite.Core;
using CognitoLite.Server.AwsJson;

namespace CognitoLite.Server.Telemetry;

/// <summary>Marks the endpoints that serve operations: POST / (AWS JSON and STS) and the /oauth2 token, userInfo and revoke endpoints.</summary>
internal sealed class TracedOperation
{
    public static readonly TracedOperation Marker = new();
}

/// <summary>
/// Each operation as telemetry sees it: an Activity (source "CognitoLite", a child of ASP.NET Core's request activity, so a
/// caller's traceparent continues) named after the operation and tagged with its pool, client and outcome (success or the
/// error type); and for an admin operation (one AWS signs with IAM credentials) the audit event naming its caller. What
/// the request carries besides ids (passwords, codes, secrets, tokens) is never read here.
/// </summary>
internal static class Operations
{
    public const string OperationTag = "cognitolite.operation";
    public const string OutcomeTag = "cognitolite.outcome";
    public const string IdentityPoolIdTag = "cognitolite.identity_pool_id";
    private const string UserPoolIdItem = "UserPoolId";

    /// <summary>The id members of each request type, read once: UserPoolId, ClientId, IdentityPoolId.</summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo?[]> IdMembers = new();

    /// <summary>Middleware, inside the request log and outside the error answers: the outcome is known when the answer is.</summary>
    public static async Task Observe(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<TracedOperation>() is null)
        {
            await next(context);
            return;
        }
        using var activity = Core.Telemetry.Activities.StartActivity("CognitoLite operation");
        await next(context);

        var operation = context.Items["Operation"] as string ?? $"{context.Request.Method} {context.Request.Path}";
        var outcome = context.Items["ErrorType"] as string ?? Core.Telemetry.Success;
        if (activity is not null)
        {
            activity.DisplayName = operation;
            activity.SetTag(OperationTag, operation);
            activity.SetTag(OutcomeTag, outcome);
            if (context.Response.StatusCode >= 500) activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
        if (OperationTable.ByTarget.TryGetValue(context.Request.Headers["X-Amz-Target"].ToString(), out var called) && !called.Unsigned)
        {
            var caller = context.RequestServices.GetRequiredService<RequestContext>().AccessKeyId;
            var userPoolId = context.Items[UserPoolIdItem] as string;
            context.RequestServices.GetRequiredService<Audit>().AdminAction(operation, caller, userPoolId, outcome);
        }
    }

    /// <summary>Takes the pool, client and identity pool an AWS JSON request names (once it is valid) for the activity and the audit.</summary>
    public static void Describe(HttpContext context, object request)
    {
        var members = IdMembers.GetOrAdd(request.GetType(), type => [type.GetProperty("UserPoolId"), type.GetProperty("ClientId"), type.GetProperty("IdentityPoolId")]);
        var (userPoolId, clientId, identityPoolId) = (Id(members[0], request), Id(members[1], request), Id(members[2], request));
        if (userPoolId is not null) context.Items[UserPoolIdItem] = userPoolId;
        Core.Telemetry.Describe(userPoolId, clientId);
        if (identityPoolId is not null && Activity.Current is { } activity && activity.Source == Core.Telemetry.Activities)
            activity.SetTag(IdentityPoolIdTag, identityPoolId);
    }

    private static string? Id(PropertyInfo? member, object request) => member?.PropertyType == typeof(string) ? member.GetValue(request) as string : null;
}
