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
    SamlRequests samlRequests,
    SamlResponses samlResponses,
    FederatedUsers users,
    SecretProtector secrets,
    RequestContext request,
    TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const string IdpResponsePath = "/oauth2/idpresponse";
    public const string SamlResponsePath = "/saml2/idpresponse";

    /// <summary>Where the provider sends the browser back: this server as the browser reached it.</summary>
    private string IdpResponseUrl => request.BaseUrl.TrimEnd('/') + IdpResponsePath;

    /// <summary>Where a SAML IdP posts its Response (the assertion consumer service).</summary>
    private string AcsUrl => request.BaseUrl.TrimEnd('/') + SamlResponsePath;

    /// <summary>The redirect to the provider the authorize request names (an OAuth 2.0 / OIDC one).</summary>
    public async Task<ProviderRedirect> Start(AuthorizeRequest authorize, CancellationToken ct)
    {
        var provider = await Provider(authorize, ct);
        var details = provider.ProviderDetails;
        var state = NewToken();
        if (provider.ProviderType == ProviderTypes.Saml)
        {
            // SP-initiated SAML: the AuthnRequest over the HTTP-Redirect binding, RelayState being our state.
            SamlRedirect saml;
            try
            {
                saml = await samlRequests.AuthnRequest(authorize.Pool.Id, SamlMetadata.Of(provider), AcsUrl, state,
                    details.GetValueOrDefault(ProviderDetails.RequestSigningAlgorithm), ct);
            }
            catch (SamlException failure)
            {
                throw Back(authorize, "invalid_request", failure.Message);
            }
            await Wait(authorize, provider, state, null, saml.RequestId, ct);
            return new ProviderRedirect(saml.Url, BrowserBinding(state));
        }
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
        // An app's prompt=login or prompt=none is for whoever signs the user in: here, the provider. Google refuses
        // prompt=login (it takes none, consent and select_account); its account chooser is the nearest to signing in again.
        if (authorize.Prompt is not null && provider.ProviderType is "OIDC" or "Google")
            parameters["prompt"] = provider.ProviderType == "Google" && authorize.Prompt == "login" ? "select_account" : authorize.Prompt;
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
        if (string.IsNullOrEmpty(state) || state.Length > 128 || !Bound(state, browserBinding)) throw NotThisBrowser();
        var pending = await Take(state, ct) ?? throw Ended();
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

    /// <summary>
    /// A SAML Response at /saml2/idpresponse. Its RelayState names the sign-in we began (SP-initiated: the Response must
    /// answer our AuthnRequest), or, from an IdP that starts sign-ins itself (IDPInit "true"), carries the app's authorize
    /// parameters as a query string. A cross-site POST carries the browser-binding cookie only over HTTPS (SameSite=None),
    /// so <paramref name="bindingRequired"/> is the caller's say whether it must be there.
    /// </summary>
    public async Task<(AuthorizeRequest Request, User User)> FinishSaml(string? samlResponse, string? relayState, string? browserBinding,
        bool bindingRequired, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(samlResponse)) throw new AuthorizeException("invalid_request", "SAMLResponse is required.");
        if (relayState is null || relayState.Length > MaxRelayState) throw new AuthorizeException("invalid_request", Errors.Saml.InvalidRelayState);
        var pending = relayState.Length <= 128 ? await Take(relayState, ct) : null;
        AuthorizeRequest authorize;
        if (pending is not null)
        {
            if (bindingRequired && !Bound(relayState, browserBinding)) throw NotThisBrowser();
            authorize = await Resume(pending, ct);
        }
        else
        {
            authorize = await Unsolicited(relayState, ct);
        }
        var provider = await Provider(authorize, ct);
        if (provider.ProviderType != ProviderTypes.Saml || pending is null && provider.ProviderDetails.GetValueOrDefault(ProviderDetails.IdpInit) != "true")
            throw Back(authorize, "invalid_request", Errors.Saml.InvalidRelayState);
        try
        {
            var assertion = await samlResponses.Verify(samlResponse, SamlMetadata.Of(provider), SamlXml.EntityId(authorize.Pool.Id), AcsUrl,
                pending?.SamlRequestId, ct);
            var identity = new ProviderIdentity(assertion.NameId, assertion.Issuer, assertion.Attributes.ToDictionary(a => a.Key, a => AttributeValue(a.Value)));
            return (authorize, await users.SignIn(authorize.Pool, authorize.Client, provider, identity, ct));
        }
        catch (SamlException failure)
        {
            throw Back(authorize, "server_error", failure.Message);
        }
        catch (CognitoException refused) when (refused.Status < 500)
        {
            throw Back(authorize, "invalid_request", refused.Message);
        }
    }

    /// <summary>RelayState may be long (Cognito's own exceeds SAML's 80 bytes); an app's authorize parameters fit in this.</summary>
    private const int MaxRelayState = 8192;

    /// <summary>An IdP-initiated sign-in's RelayState: the app's authorize request, which names the provider.</summary>
    private async Task<AuthorizeRequest> Unsolicited(string relayState, CancellationToken ct)
    {
        var parameters = ParseQuery(relayState);
        if (!parameters.ContainsKey("client_id") || !parameters.ContainsKey("identity_provider") && !parameters.ContainsKey("idp_identifier"))
            throw new AuthorizeException("invalid_request", Errors.Saml.InvalidRelayState);
        var authorize = await authorization.Check(parameters.GetValueOrDefault, null, ct);
        return authorize.IdentityProvider is null ? throw Back(authorize, "invalid_request", Errors.Saml.InvalidRelayState) : authorize;
    }

    /// <summary>A SAML attribute as a pool attribute's text: its value, or several as `[v1, v2]`.</summary>
    private static string AttributeValue(IReadOnlyList<string> values) => values.Count == 1 ? values[0] : $"[{string.Join(", ", values)}]";

    private bool Bound(string state, string? browserBinding) =>
        browserBinding is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(BrowserBinding(state)), Encoding.ASCII.GetBytes(browserBinding));

    private static AuthorizeException NotThisBrowser() =>
        new("invalid_request", "This sign-in was not started in this browser, or it has already ended. Start again from the app.");

    private static AuthorizeException Ended() =>
        new("invalid_request", "This sign-in has expired or has already ended. Start again from the app.");

    /// <summary>The provider the request names, as stored (it may have been deleted since the sign-in began).</summary>
    private async Task<IdentityProvider> Provider(AuthorizeRequest authorize, CancellationToken ct) =>
        await db.IdentityProviders.AsNoTracking()
            .FirstOrDefaultAsync(p => p.UserPoolId == authorize.Pool.Id && p.ProviderName == authorize.IdentityProvider, ct)
        ?? throw Back(authorize, "invalid_request", $"Identity provider {authorize.IdentityProvider} is not configured for this client.");

    private async Task Wait(AuthorizeRequest authorize, IdentityProvider provider, string state, string? nonce, string? samlRequestId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
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

    /// <summary>
    /// The waiting sign-in of this state, removed as it is read (the DELETE decides which of two answers gets it); null
    /// when there is none, or it was used or expired.
    /// </summary>
    private async Task<PendingFederatedSignIn?> Take(string state, CancellationToken ct)
    {
        var hash = SecretProtector.HashToken(state);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.PendingFederatedSignIns.AsNoTracking().FirstOrDefaultAsync(p => p.StateHash == hash, ct);
        if (pending is null || await db.PendingFederatedSignIns.Where(p => p.StateHash == hash).ExecuteDeleteAsync(ct) != 1 || pending.ExpiresAt <= now)
            return null;
        return pending;
    }

    /// <summary>The app's authorize request, checked again: the client may have changed while the user was away.</summary>
    private Task<AuthorizeRequest> Resume(PendingFederatedSignIn pending, CancellationToken ct)
    {
        var parameters = ParseQuery(pending.AuthorizeParameters);
        return authorization.Check(parameters.GetValueOrDefault, pending.UserPoolId, ct);
    }

    /// <summary>A query string's parameters (the last of a repeated name wins; the authorize check reads each name once).</summary>
    private static Dictionary<string, string> ParseQuery(string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            parameters[Unescape(parts[0])] = Unescape(parts.ElementAtOrDefault(1) ?? "");
        }
        return parameters;
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string QueryString(AuthorizeRequest authorize) =>
        string.Join('&', authorize.Parameters().Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static AuthorizeException Back(AuthorizeRequest authorize, string error, string description) =>
        new(error, description, authorize.RedirectUri, authorize.State, authorize.ResponseType == "token");

    /// <summary>The cookie value that ties a state to the browser that began the sign-in (a login CSRF guard).</summary>
    private string BrowserBinding(string state) => secrets.Mac($"federation|{state}");

    private static string NewToken() => Jwt.Base64Url(RandomNumberGenerator.GetBytes(32));
}
