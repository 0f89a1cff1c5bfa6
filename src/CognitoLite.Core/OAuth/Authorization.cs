using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.OAuth;

/// <summary>
/// A checked /oauth2/authorize request (spec/tokens.md §5). The managed login pages carry its parameters from page to page
/// (as Cognito's do in their query strings) and check them again on every step.
/// </summary>
public sealed record AuthorizeRequest(
    UserPool Pool,
    AppClient Client,
    string ResponseType,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? Prompt,
    string? Lang,
    string? IdentityProvider = null)
{
    /// <summary>The parameters that make up the request again, for the links and forms of the pages.</summary>
    public IEnumerable<KeyValuePair<string, string>> Parameters()
    {
        yield return new("client_id", Client.Id);
        yield return new("response_type", ResponseType);
        yield return new("redirect_uri", RedirectUri);
        yield return new("scope", string.Join(' ', Scopes));
        if (State is not null) yield return new("state", State);
        if (Nonce is not null) yield return new("nonce", Nonce);
        if (CodeChallenge is not null)
        {
            yield return new("code_challenge", CodeChallenge);
            yield return new("code_challenge_method", "S256");
        }
        if (Lang is not null) yield return new("lang", Lang);
        if (IdentityProvider is not null) yield return new("identity_provider", IdentityProvider);
    }

    /// <summary>The client signs users in with the pool's own users (COGNITO), not only through external providers.</summary>
    public bool UsesPoolUsers => Client.Settings.SupportedIdentityProviders?.Contains("COGNITO") == true;
}

/// <summary>
/// An /oauth2/authorize error. Before the client and its redirect_uri are known good it is shown on an error page (an
/// open redirector otherwise); after, it goes back to the app as `redirect_uri?error=…&amp;state=…` (RFC 6749 §4.1.2.1).
/// </summary>
public sealed class AuthorizeException(string error, string description, string? redirectUri = null, string? state = null, bool fragment = false)
    : Exception(description)
{
    public string Error { get; } = error;
    public string? RedirectUri { get; } = redirectUri;
    public string? State { get; } = state;
    /// <summary>The implicit flow answers in the fragment, so that the error does too.</summary>
    public bool Fragment { get; } = fragment;
}

/// <summary>Checks /oauth2/authorize requests against the app client's OAuth settings.</summary>
public sealed class Authorization(CognitoDbContext db, UserDirectory directory)
{
    private const int MaxParameter = 2048;

    /// <summary>The languages Cognito's managed login pages offer; another `lang` is ignored, as Cognito does.</summary>
    private static readonly string[] Languages = ["de", "en", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "zh-CN", "zh-TW"];

    /// <summary>
    /// The request, checked: the client and redirect_uri first (errors for the page), then everything else (errors for the
    /// app). <paramref name="poolOfHost"/> is the pool whose domain the request came to, if any: its clients only.
    /// </summary>
    public async Task<AuthorizeRequest> Check(Func<string, string?> parameter, string? poolOfHost, CancellationToken ct)
    {
        string? Param(string name)
        {
            var value = parameter(name);
            if (value?.Length > MaxParameter) throw new AuthorizeException("invalid_request", $"{name} is too long.");
            return string.IsNullOrEmpty(value) ? null : value;
        }

        var (pool, client) = await Client(Param("client_id"), poolOfHost, ct);
        var settings = client.Settings;
        var redirectUri = Param("redirect_uri") ?? settings.DefaultRedirectURI
            ?? throw new AuthorizeException("invalid_request", "redirect_uri is required.");
        if (settings.CallbackURLs?.Contains(redirectUri, StringComparer.Ordinal) != true)
            throw new AuthorizeException("redirect_mismatch", "redirect_uri is not one of the client's callback URLs.");

        var responseType = Param("response_type");
        var state = Param("state");
        AuthorizeException Refused(string error, string description) =>
            new(error, description, redirectUri, state, fragment: responseType == "token");
        if (responseType is null) throw Refused("invalid_request", "response_type is required.");
        if (responseType is not ("code" or "token")) throw Refused("unsupported_response_type", "response_type must be code or token.");
        var flow = responseType == "code" ? "code" : "implicit";
        if (settings.AllowedOAuthFlowsUserPoolClient != true || settings.AllowedOAuthFlows?.Contains(flow) != true)
            throw Refused("unauthorized_client", $"The client is not allowed the {flow} flow.");
        var provider = await Provider(pool, settings.SupportedIdentityProviders ?? [], Param("identity_provider"), Param("idp_identifier"), Refused, ct);

        var allowed = settings.AllowedOAuthScopes ?? [];
        var scopes = Param("scope") is { } scope ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList() : allowed.ToList();
        if (scopes.Count == 0 || scopes.Any(s => !allowed.Contains(s))) throw Refused("invalid_scope", "The requested scope is not allowed for this client.");

        var challenge = responseType == "code" ? Param("code_challenge") : null;
        if (challenge is not null)
        {
            // Cognito accepts only S256 (RFC 7636 §4.2: 43 to 128 characters of base64url).
            if (Param("code_challenge_method") != "S256") throw Refused("invalid_request", "code_challenge_method must be S256.");
            if (challenge.Length is < 43 or > 128 || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
                throw Refused("invalid_request", "code_challenge is malformed.");
        }
        else if (responseType == "code" && Param("code_challenge_method") is not null)
        {
            // The app thinks it uses PKCE: a code without a challenge would be one its verifier does not protect.
            throw Refused("invalid_request", "code_challenge is required with code_challenge_method.");
        }
        // OIDC's prompt is a list. The pool's own sign-in acts on login and none; select_account and consent are for
        // third-party IdPs (Cognito passes them on), so they change nothing here. none with another is a contradiction.
        string? prompt = null;
        if (Param("prompt") is { } asked)
        {
            var values = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (values.Length == 0 || values.Any(v => v is not ("login" or "none" or "select_account" or "consent")) || values.Contains("none") && values.Length > 1)
                throw Refused("invalid_request", "prompt must be login, none, select_account or consent.");
            prompt = values.Contains("none") ? "none" : values.Contains("login") ? "login" : null;
        }
        var lang = Param("lang") is { } l && Languages.Contains(l) ? l : null;
        return new AuthorizeRequest(pool, client, responseType, redirectUri, scopes, state, Param("nonce"), challenge, prompt, lang, provider);
    }

    /// <summary>
    /// The external provider the request names (identity_provider, or idp_identifier as one of a provider's
    /// IdpIdentifiers), which must be one of the client's SupportedIdentityProviders; null for the pool's own sign-in
    /// (COGNITO, or no choice made: the sign-in page then offers what the client supports).
    /// </summary>
    private async Task<string?> Provider(UserPool pool, List<string> supported, string? named, string? identifier,
        Func<string, string, AuthorizeException> refused, CancellationToken ct)
    {
        if (supported.Count == 0) throw refused("unauthorized_client", "The client has no identity providers (SupportedIdentityProviders is empty).");
        if (named == "COGNITO")
            return supported.Contains("COGNITO") ? null
                : throw refused("unauthorized_client", "The client does not sign users in with the user pool (COGNITO is not one of its identity providers).");
        var provider = named;
        if (provider is null && identifier is not null)
            provider = await db.IdpIdentifiers.AsNoTracking().Where(i => i.UserPoolId == pool.Id && i.Identifier == identifier)
                .Select(i => i.ProviderName).FirstOrDefaultAsync(ct)
                ?? throw refused("invalid_request", $"No identity provider of this pool has the identifier {identifier}.");
        if (provider is not null && (!supported.Contains(provider) ||
            !await db.IdentityProviders.AnyAsync(p => p.UserPoolId == pool.Id && p.ProviderName == provider, ct)))
            throw refused("invalid_request", $"Identity provider {provider} is not configured for this client.");
        return provider;
    }

    /// <summary>The app client named by client_id (of the domain's pool when the request came to a domain); unknown ones are an error page.</summary>
    public async Task<(UserPool Pool, AppClient Client)> Client(string? clientId, string? poolOfHost, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId)) throw new AuthorizeException("invalid_request", "client_id is required.");
        try
        {
            if (clientId.Length > 128) throw Errors.ResourceNotFound("Client does not exist.");
            var (pool, client) = await directory.Client(clientId, ct);
            if (poolOfHost is not null && pool.Id != poolOfHost) throw Errors.ResourceNotFound("Client does not exist.");
            return (pool, client);
        }
        catch (CognitoException error) when (error.Type == "ResourceNotFoundException")
        {
            throw new AuthorizeException("invalid_request", "The client does not exist.");
        }
    }

    /// <summary>The pool served at a domain, when the request's host is one: `prefix.auth.region.amazoncognito.com`, `prefix.localhost` or a custom domain.</summary>
    public async Task<string?> PoolOfHost(string host, CancellationToken ct)
    {
        host = host.ToLowerInvariant();
        var dot = host.IndexOf('.');
        if (dot <= 0 || host.Length > 300) return null;
        var prefix = host[..dot];
        var isPrefixDomain = host.EndsWith(".amazoncognito.com", StringComparison.Ordinal) && host[dot..].StartsWith(".auth.", StringComparison.Ordinal)
            || host == prefix + ".localhost";
        var domain = isPrefixDomain ? prefix : host;
        return await db.UserPoolDomains.AsNoTracking().Where(d => d.Domain == domain && d.IsCustom == !isPrefixDomain)
            .Select(d => d.UserPoolId).FirstOrDefaultAsync(ct);
    }
}
