using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core;
using CognitoLite.Core.Credentials;
using CognitoLite.Server.Http;

namespace CognitoLite.Server.Decisions;

/// <summary>
/// `POST /_policy/decide`: a JSON body `{"Action", "Resource", "Context": {key: value or [values]}}` SigV4-signed (service
/// `execute-api`) with temporary credentials we issued. Answers whether the session's role policies allow that call, and
/// which statement decided; how an on-prem API enforces the policies an identity pool's roles carry (README).
/// </summary>
internal static class DecisionEndpoint
{
    public const string SigningService = "execute-api";

    public static void MapPolicyDecisions(this WebApplication app) => app.MapPost("/_policy/decide", Decide);

    private static async Task<IResult> Decide(HttpContext context, TemporaryCredentials credentials, SecurityTokenService sts,
        PolicyDecisions decisions, CancellationToken ct)
    {
        var body = await RequestBody.Read(context.Request, ct);
        var caller = await credentials.Authenticate(SignedRequests.From(context.Request, body), SigningService, ct);
        var session = caller.Session
            ?? throw Errors.AccessDeniedException("Policy decisions are for temporary credentials issued by this server (AssumeRoleWithWebIdentity, GetCredentialsForIdentity).");

        var decision = decisions.Decide(session, Read(RequestBody.Decode(context.Request, body)));
        var identity = sts.GetCallerIdentity(caller);
        var answer = new JsonObject
        {
            ["Decision"] = decision.Allowed ? "Allow" : "Deny",
            ["Reason"] = decision.Effect.ToString(),
            ["Principal"] = new JsonObject
            {
                ["Arn"] = identity.Arn,
                ["UserId"] = identity.UserId,
                ["Subject"] = session.Subject,
                ["IdentityId"] = session.IdentityId,
            },
        };
        if (decision.Statement is { } statement)
            answer["MatchedStatement"] = new JsonObject { ["Policy"] = decision.PolicyName, ["Sid"] = statement.Sid, ["Index"] = statement.Index };
        else if (decision.PolicyName is { } policy)
            answer["Policy"] = policy;
        return Results.Json(answer);
    }

    private static DecisionRequest Read(byte[] body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw Errors.Serialization("The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw Errors.Serialization("The request body is not valid JSON.");
        }
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (request["Context"] is { } contextNode)
        {
            if (contextNode is not JsonObject keys) throw Errors.InvalidParameter("Context must be an object of condition keys.");
            foreach (var (key, value) in keys)
                context[key] = value is JsonArray values ? values.Select(v => Scalar(v, key)).ToList() : [Scalar(value, key)];
        }
        return new DecisionRequest(Text(request, "Action"), Text(request, "Resource"), context);
    }

    private static string Text(JsonObject request, string member) =>
        request[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Errors.InvalidParameter($"{member} is required and must be a string.");

    // Context values are text, as IAM sees them; numbers and booleans are taken as they are written.
    private static string Scalar(JsonNode? node, string key) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => throw Errors.InvalidParameter($"Context key '{key}' must be a string, number, boolean or an array of them."),
        }
        : throw Errors.InvalidParameter($"Context key '{key}' must be a string, number, boolean or an array of them.");
}
