using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

/// <summary>Where the browser goes to sign in at the provider, and the value of the cookie that ties the answer to this browser.</summary>
public sealed record ProviderRedirect(string Url, string BrowserBinding);

/// <summary>
/// A sign-in through an external provider (spec/federation.md §4): /oauth2/authorize names the provider, the browser goes
/// there with a state of ours, and comes back to /oauth2/idpresponse, where the answer is checked, the provider's user
/// becomes a user of the pool, and the app's authorize request goes on as after a sign-in at the pages. The app's request
/// waits in the database (any replica can take the answer); it is used once and lasts five minutes, as Cognito's does.
/// </summary>
public sealed class FederatedSignIn(
    CognitoDbContext db,
    Authorization authorization,
    OidcUpstream oidc,
    FederatedUsers users,
    SecretProtector secrets,
    RequestContext request,
    TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const string IdpResponsePath = "/oauth2/idpresponse";

    /// <summary>Where the provider sends the browser back: this server as the browser reached it.</summary>
    private string IdpResponseUrl => request.BaseUrl.TrimEnd('/') + IdpResponsePath;

    /// <summary>The redirect to the provider the authorize request names (an OAuth 2.0 / OIDC one).</summary>
    public async Task<ProviderRedirect> Start(AuthorizeRequest authorize, CancellationToken ct)
    {
        var provider = await Provider(authorize, ct);
        var details = provider.ProviderDetails;
        var state = NewToken();
        var nonce = OidcUpstream.GivesIdToken(provider) ? NewToken() : null;
        await Wait(authorize, provider, state, nonce, null, ct);
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = details.GetValueOrDefault("client_id") ?? "",
            ["redirect_uri"] = IdpResponseUrl,
            ["scope"] = details.GetValueOrDefault("authorize_scopes") ?? "",
            ["response_type"] = "code",
            ["state"] = state,
        };
        if (nonce is not null) parameters["nonce"] = nonce;
        // Apple sends name and email only with a form POST back (and then only at the first sign-in).
        if (provider.ProviderType == "SignInWithApple") parameters["response_mode"] = "form_post";
        // An app's prompt=login or prompt=none is for whoever signs the user in: here, the provider.
        if (authorize.Prompt is not null && provider.ProviderType is "OIDC" or "Google") parameters["prompt"] = authorize.Prompt;
        var url = details.GetValueOrDefault("authorize_url") ?? throw new AuthorizeException("invalid_request",
            $"Identity provider {provider.ProviderName} has no authorize URL.", authorize.RedirectUri, authorize.State);
        return new ProviderRedirect(ManagedLogin.WithParameters(url, parameters), BrowserBinding(state));
    }

    /// <summary>
    /// The provider's answer at /oauth2/idpresponse: the app's authorize request it belongs to and the user it signed in.
    /// An answer without a state we issued (or a state used, expired, or started in another browser) is an error page;
    /// everything after that goes back to the app as `error`, never with a code.
    /// </summary>
    public async Task<(AuthorizeRequest Request, User User)> Finish(Func<string, string?> answer, string? browserBinding, CancellationToken ct)
    {
        var state = answer("state");
        if (string.IsNullOrEmpty(state) || state.Length > 128 || browserBinding is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(BrowserBinding(state)), Encoding.ASCII.GetBytes(browserBinding)))
            throw new AuthorizeException("invalid_request", "This sign-in was not started in this browser, or it has already ended. Start again from the app.");
        var pending = await Take(state, ct);
        var authorize = await Resume(pending, ct);
        var provider = await Provider(authorize, ct);
        if (answer("error") is { Length: > 0 } error)
            throw Back(authorize, error.Length <= 128 ? error : "access_denied", answer("error_description") is { Length: > 0 and <= 1024 } text ? text : error);
        var code = answer("code");
        if (string.IsNullOrEmpty(code) || code.Length > 4096) throw Back(authorize, "invalid_request", $"{provider.ProviderName} sent no authorization code.");
        try
        {
            var identity = await oidc.Exchange(provider, code, IdpResponseUrl, pending.Nonce, answer("user"), ct);
            return (authorize, await users.SignIn(authorize.Pool, authorize.Client, provider, identity, ct));
        }
        catch (UpstreamException failure)
        {
            throw Back(authorize, "invalid_request", failure.Message);
        }
        catch (CognitoException refused) when (refused.Status < 500)
        {
            throw Back(authorize, "invalid_request", refused.Message);
        }
    }

    /// <summary>The provider the request names, as stored (it may have been deleted since the sign-in began).</summary>
    private async Task<IdentityProvider> Provider(AuthorizeRequest authorize, CancellationToken ct) =>
        await db.IdentityProviders.AsNoTracking()
            .FirstOrDefaultAsync(p => p.UserPoolId == authorize.Pool.Id && p.ProviderName == authorize.IdentityProvider, ct)
        ?? throw Back(authorize, "invalid_request", $"Identity provider {authorize.IdentityProvider} is not configured for this client.");

    private async Task Wait(AuthorizeRequest authorize, IdentityProvider provider, string state, string? nonce, string? samlRequestId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Sign-ins never finished go once expired, as a new one begins.
        await db.PendingFederatedSignIns.Where(p => p.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.PendingFederatedSignIns.Add(new PendingFederatedSignIn
        {
            StateHash = SecretProtector.HashToken(state),
            UserPoolId = authorize.Pool.Id,
            ProviderName = provider.ProviderName,
            AuthorizeParameters = QueryString(authorize),
            Nonce = nonce,
            SamlRequestId = samlRequestId,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The waiting sign-in of this state, removed as it is read: the DELETE decides which of two answers gets it.</summary>
    private async Task<PendingFederatedSignIn> Take(string state, CancellationToken ct)
    {
        var hash = SecretProtector.HashToken(state);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.PendingFederatedSignIns.AsNoTracking().FirstOrDefaultAsync(p => p.StateHash == hash, ct);
        if (pending is null || await db.PendingFederatedSignIns.Where(p => p.StateHash == hash).ExecuteDeleteAsync(ct) != 1 || pending.ExpiresAt <= now)
            throw new AuthorizeException("invalid_request", "This sign-in has expired or has already ended. Start again from the app.");
        return pending;
    }

    /// <summary>The app's authorize request, checked again: the client may have changed while the user was away.</summary>
    private Task<AuthorizeRequest> Resume(PendingFederatedSignIn pending, CancellationToken ct)
    {
        var parameters = pending.AuthorizeParameters.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? ""));
        return authorization.Check(parameters.GetValueOrDefault, pending.UserPoolId, ct);
    }

    private static string QueryString(AuthorizeRequest authorize) =>
        string.Join('&', authorize.Parameters().Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static AuthorizeException Back(AuthorizeRequest authorize, string error, string description) =>
        new(error, description, authorize.RedirectUri, authorize.State, authorize.ResponseType == "token");

    /// <summary>The cookie value that ties a state to the browser that began the sign-in (a login CSRF guard).</summary>
    private string BrowserBinding(string state) => secrets.Mac($"federation|{state}");

    private static string NewToken() => Jwt.Base64Url(RandomNumberGenerator.GetBytes(32));
}
