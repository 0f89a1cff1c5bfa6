using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core;
using CognitoLite.Core.OAuth;
using CognitoLite.Server.Http;
using CognitoLite.Server.Telemetry;
using Microsoft.AspNetCore.WebUtilities;

namespace CognitoLite.Server.OAuth;

/// <summary>
/// /oauth2/token, /oauth2/userInfo and /oauth2/revoke (spec/tokens.md §5): form bodies in, RFC 6749 §5.2 JSON errors out
/// (`{"error","error_description"}`, never AWS's `__type`), `Cache-Control: no-store` on every answer. /oauth2/authorize
/// and /logout are the managed login pages' (Pages/LoginPages.cs).
/// </summary>
internal static class OAuthEndpoints
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    public static void MapOAuth(this WebApplication app)
    {
        app.MapPost("/oauth2/token", (HttpContext context, OAuthService oauth) => Answer(context, async ct =>
        {
            var form = await Form(context.Request, ct);
            var (clientId, clientSecret) = ClientCredentials(context.Request, form);
            var tokens = await oauth.Token(new OAuthTokenRequest(
                Value(form, "grant_type"), clientId, clientSecret, Value(form, "scope"), Value(form, "refresh_token"),
                Value(form, "code"), Value(form, "redirect_uri"), Value(form, "code_verifier"), Value(form, "device_key")), ct);
            var body = new JsonObject();
            if (tokens.IdToken is not null) body["id_token"] = tokens.IdToken;
            body["access_token"] = tokens.AccessToken;
            if (tokens.RefreshToken is not null) body["refresh_token"] = tokens.RefreshToken;
            body["expires_in"] = tokens.ExpiresIn;
            body["token_type"] = tokens.TokenType;
            await Write(context.Response, StatusCodes.Status200OK, body, ct);
        })).WithMetadata(TracedOperation.Marker);

        app.MapMethods("/oauth2/userInfo", ["GET", "POST"], (HttpContext context, OAuthService oauth) => Answer(context, async ct =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            await Write(context.Response, StatusCodes.Status200OK, await oauth.UserInfo(token, ct), ct);
        })).WithMetadata(TracedOperation.Marker);

        app.MapPost("/oauth2/revoke", (HttpContext context, OAuthService oauth) => Answer(context, async ct =>
        {
            var form = await Form(context.Request, ct);
            var (clientId, clientSecret) = ClientCredentials(context.Request, form);
            await oauth.Revoke(clientId, clientSecret, Value(form, "token"), ct);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
        })).WithMetadata(TracedOperation.Marker);
    }

    private static async Task Answer(HttpContext context, Func<CancellationToken, Task> handle)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        try
        {
            await handle(context.RequestAborted);
        }
        catch (CognitoException error) when (!error.Type.EndsWith("Exception", StringComparison.Ordinal))
        {
            await Error(context, error);
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            // An OAuth client reads only RFC 6749's codes: an unreadable body, or a trigger's refusal of the grant
            // (PreTokenGeneration), is an invalid request with the reason in its description.
            await Error(context, Errors.OAuthInvalidRequest(error.Message));
        }
    }

    private static async Task Error(HttpContext context, CognitoException error)
    {
        context.Items["ErrorType"] = error.Type;
        if (error.Status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = error.Type == "invalid_token"
                ? $"Bearer error=\"invalid_token\", error_description=\"{HeaderSafe(error.Message)}\""
                : "Basic";
        await Write(context.Response, error.Status, new JsonObject { ["error"] = error.Type, ["error_description"] = error.Message }, CancellationToken.None);
    }

    private static async Task<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>> Form(HttpRequest request, CancellationToken ct)
    {
        if (!(request.ContentType ?? "").StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase))
            throw Errors.OAuthInvalidRequest($"The body must be {FormContentType}.");
        var body = RequestBody.Decode(request, await RequestBody.Read(request, ct));
        return QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
    }

    /// <summary>A form value; a parameter sent twice is refused (RFC 6749 §3.1).</summary>
    private static string? Value(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, string name) =>
        !form.TryGetValue(name, out var values) ? null
        : values.Count == 1 ? values[0]
        : throw Errors.OAuthInvalidRequest($"{name} is given more than once.");

    /// <summary>HTTP Basic (client_secret_basic) or client_id and client_secret in the form (client_secret_post), not both.</summary>
    private static (string? ClientId, string? ClientSecret) ClientCredentials(HttpRequest request, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        var formId = Value(form, "client_id");
        var formSecret = Value(form, "client_secret");
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return (formId, formSecret);
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            throw Errors.OAuthInvalidClient();
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0 || formSecret is not null) throw Errors.OAuthInvalidClient();
        // RFC 6749 §2.3.1 form-encodes both halves, which many clients (curl -u) skip: %XX is undone, a '+' kept as it
        // is, since a secret may hold '+' and never a space.
        var id = Uri.UnescapeDataString(decoded[..colon]);
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..]);
        if (formId is not null && formId != id) throw Errors.OAuthInvalidRequest("client_id differs from the client authenticated.");
        return (id, secret);
    }

    private static async Task Write(HttpResponse response, int status, JsonObject body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = "application/json;charset=UTF-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, ct);
    }

    private static string HeaderSafe(string message) => new(message.Select(c => c is >= ' ' and <= '~' && c != '"' ? c : ' ').ToArray());
}
