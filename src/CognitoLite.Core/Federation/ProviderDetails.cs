using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;
using static CognitoLite.Core.Federation.ProviderTypes;

namespace CognitoLite.Core.Federation;

/// <summary>
/// The ProviderDetails of each provider type, checked and resolved as CreateIdentityProvider and UpdateIdentityProvider
/// store them: what the caller gave plus what CognitoLite worked out then (a social provider's well-known endpoints, an
/// OIDC provider's discovered ones, a SAML provider's metadata and its endpoints), so that a sign-in reads everything it
/// needs from the row and DescribeIdentityProvider shows it as AWS does. client_secret and private_key are stored encrypted.
/// </summary>
public static partial class ProviderDetails
{
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string AuthorizeScopes = "authorize_scopes";
    public const string AuthorizeUrl = "authorize_url";
    public const string TokenUrl = "token_url";
    public const string TokenRequestMethod = "token_request_method";
    public const string AttributesUrl = "attributes_url";
    public const string AttributesRequestMethod = "attributes_request_method";
    public const string AttributesUrlAddAttributes = "attributes_url_add_attributes";
    public const string OidcIssuer = "oidc_issuer";
    public const string JwksUri = "jwks_uri";
    public const string ApiVersion = "api_version";
    public const string TeamId = "team_id";
    public const string KeyId = "key_id";
    public const string PrivateKey = "private_key";
    public const string MetadataUrl = "MetadataURL";
    public const string MetadataFile = "MetadataFile";
    public const string IdpSignout = "IDPSignout";
    public const string IdpInit = "IDPInit";
    public const string EncryptedResponses = "EncryptedResponses";
    public const string RequestSigningAlgorithm = "RequestSigningAlgorithm";
    public const string SsoRedirectBindingUri = "SSORedirectBindingURI";
    public const string SloRedirectBindingUri = "SLORedirectBindingURI";
    public const string ActiveEncryptionCertificate = "ActiveEncryptionCertificate";

    /// <summary>The document fetched from a MetadataURL, kept so that sign-ins do not depend on the IdP's metadata endpoint. Never described.</summary>
    public const string FetchedMetadata = "cognitolite:FetchedMetadata";

    /// <summary>The Graph API version of a Facebook provider created without api_version: the one AWS's own examples use.</summary>
    public const string DefaultFacebookApiVersion = "v17.0";

    private static readonly string[] Endpoints = [AuthorizeUrl, TokenUrl, TokenRequestMethod, AttributesUrl, AttributesUrlAddAttributes];

    /// <summary>URL-valued details: absolute http(s) URLs, https only in production mode.</summary>
    private static readonly string[] UrlKeys = [AuthorizeUrl, TokenUrl, AttributesUrl, OidcIssuer, JwksUri, MetadataUrl, SsoRedirectBindingUri, SloRedirectBindingUri];

    /// <summary>What each type takes: the required details, then the optional ones. Social types also take their endpoints, as AWS
    /// does (Terraform configurations send them), so a local stand-in can play the provider.</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional)> Kinds = new()
    {
        [Google] = ([ClientId, ClientSecret, AuthorizeScopes], [.. Endpoints, OidcIssuer, JwksUri]),
        [Facebook] = ([ClientId, ClientSecret, AuthorizeScopes], [.. Endpoints, ApiVersion]),
        [LoginWithAmazon] = ([ClientId, ClientSecret, AuthorizeScopes], Endpoints),
        [SignInWithApple] = ([ClientId, TeamId, KeyId, PrivateKey, AuthorizeScopes], [.. Endpoints, OidcIssuer, JwksUri]),
        [Oidc] = ([ClientId, ClientSecret, AuthorizeScopes, OidcIssuer], [AttributesRequestMethod, AuthorizeUrl, TokenUrl, AttributesUrl, JwksUri, AttributesUrlAddAttributes]),
        // The last three are what Describe adds; they come back in requests made from a Describe (Terraform's) and are worked out again.
        [Saml] = ([], [MetadataUrl, MetadataFile, IdpSignout, IdpInit, EncryptedResponses, RequestSigningAlgorithm, SsoRedirectBindingUri, SloRedirectBindingUri, ActiveEncryptionCertificate]),
    };

    // Short: these run inside an admin call. The limit covers the largest metadata document read.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(5),
        MaxResponseContentBufferSize = SamlMetadata.MaxLength,
    };

    /// <summary>The plaintext of a secret detail (client_secret, private_key), or null when the provider has none.</summary>
    public static string? Secret(IdentityProvider provider, string key, SecretProtector secrets) =>
        provider.ProviderDetails.TryGetValue(key, out var cipher) ? secrets.Unprotect(cipher) : null;

    /// <summary>The details as DescribeIdentityProvider shows them: client_secret in clear as AWS echoes it, never the private
    /// key, the fetched metadata, or the JWKS URL of Google and Apple (AWS keeps those to itself).</summary>
    public static Dictionary<string, string> Describe(IdentityProvider provider, SecretProtector secrets)
    {
        var shown = new Dictionary<string, string>(provider.ProviderDetails);
        shown.Remove(PrivateKey);
        shown.Remove(FetchedMetadata);
        if (provider.ProviderType is Google or SignInWithApple) shown.Remove(JwksUri);
        if (Secret(provider, ClientSecret, secrets) is { } secret) shown[ClientSecret] = secret;
        return shown.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary();
    }

    /// <summary>Checks the details the caller gave for a provider of this type and resolves what the flow needs; the result is stored.</summary>
    internal static async Task<Dictionary<string, string>> Resolve(string type, IReadOnlyDictionary<string, string> given, CognitoOptions options, SecretProtector secrets, CancellationToken ct)
    {
        var (required, optional) = Kinds[type];
        foreach (var key in given.Keys)
            if (!required.Contains(key) && !optional.Contains(key))
                throw Errors.InvalidParameter($"{key} is not a provider detail of {type} identity providers.");
        if (required.Any(key => string.IsNullOrEmpty(given.GetValueOrDefault(key))))
            throw Errors.InvalidParameter($"{Sentence(required)} are all required idp details");
        CheckUrls(given, options.Production);

        var details = type switch
        {
            Saml => await SamlDetails(given, ct),
            Oidc => await OidcDetails(given, ct),
            _ => SocialDetails(type, given, options),
        };
        CheckUrls(details, options.Production);
        CheckChoice(details, TokenRequestMethod, "GET", "POST");
        CheckChoice(details, AttributesRequestMethod, "GET", "POST");
        CheckChoice(details, AttributesUrlAddAttributes, "true", "false");
        if (type == SignInWithApple) CheckApplePrivateKey(details[PrivateKey]);
        foreach (var key in (string[])[ClientSecret, PrivateKey])
            if (details.TryGetValue(key, out var plain)) details[key] = secrets.Protect(plain);
        return details;
    }

    /// <summary>Checks CognitoLite:Federation (the social endpoints replaced by configuration) at start-up.</summary>
    internal static void CheckOverrides(Dictionary<string, Dictionary<string, string>> overrides, bool production)
    {
        foreach (var (type, details) in overrides)
        {
            if (!IsSocial(type))
                throw new InvalidOperationException($"CognitoLite:Federation:{type}: only Google, Facebook, LoginWithAmazon and SignInWithApple have endpoints to replace.");
            foreach (var key in details.Keys.Where(k => !Kinds[type].Optional.Contains(k)))
                throw new InvalidOperationException($"CognitoLite:Federation:{type}:{key} is not a provider detail of {type} identity providers.");
            try
            {
                CheckUrls(details, production);
            }
            catch (CognitoException e)
            {
                throw new InvalidOperationException($"CognitoLite:Federation:{type}: {e.Message}");
            }
        }
    }

    /// <summary>Cognito's well-known endpoints, then what configuration replaces, then what the caller gave.</summary>
    private static Dictionary<string, string> SocialDetails(string type, IReadOnlyDictionary<string, string> given, CognitoOptions options)
    {
        var version = given.GetValueOrDefault(ApiVersion) ?? DefaultFacebookApiVersion;
        if (type == Facebook && !GraphApiVersion().IsMatch(version))
            throw Errors.InvalidParameter($"api_version {version} is not a Graph API version such as {DefaultFacebookApiVersion}.");
        Dictionary<string, string> details = type switch
        {
            Google => new()
            {
                [AuthorizeUrl] = "https://accounts.google.com/o/oauth2/v2/auth",
                [TokenUrl] = "https://www.googleapis.com/oauth2/v4/token",
                [TokenRequestMethod] = "POST",
                [AttributesUrl] = "https://people.googleapis.com/v1/people/me?personFields=",
                [AttributesUrlAddAttributes] = "true",
                [OidcIssuer] = "https://accounts.google.com",
                [JwksUri] = "https://www.googleapis.com/oauth2/v3/certs",
            },
            Facebook => new()
            {
                [ApiVersion] = version,
                [AuthorizeUrl] = $"https://www.facebook.com/{version}/dialog/oauth",
                [TokenUrl] = $"https://graph.facebook.com/{version}/oauth/access_token",
                [TokenRequestMethod] = "GET",
                [AttributesUrl] = $"https://graph.facebook.com/{version}/me?fields=",
                [AttributesUrlAddAttributes] = "true",
            },
            LoginWithAmazon => new()
            {
                [AuthorizeUrl] = "https://www.amazon.com/ap/oa",
                [TokenUrl] = "https://api.amazon.com/auth/o2/token",
                [TokenRequestMethod] = "POST",
                [AttributesUrl] = "https://api.amazon.com/user/profile",
                [AttributesUrlAddAttributes] = "false",
            },
            _ => new()
            {
                [AuthorizeUrl] = "https://appleid.apple.com/auth/authorize",
                [TokenUrl] = "https://appleid.apple.com/auth/token",
                [TokenRequestMethod] = "POST",
                [AttributesUrlAddAttributes] = "false",
                [OidcIssuer] = "https://appleid.apple.com",
                [JwksUri] = "https://appleid.apple.com/auth/keys",
            },
        };
        foreach (var (key, value) in options.Federation.GetValueOrDefault(type) ?? []) details[key] = value;
        foreach (var (key, value) in given) details[key] = value;
        return details;
    }

    /// <summary>
    /// The endpoints an OIDC provider was not given explicitly come from its discovery document
    /// (`&lt;oidc_issuer&gt;/.well-known/openid-configuration`), fetched now. attributes_url may stay unset (a provider
    /// without userinfo); the others cannot.
    /// </summary>
    private static async Task<Dictionary<string, string>> OidcDetails(IReadOnlyDictionary<string, string> given, CancellationToken ct)
    {
        var details = new Dictionary<string, string>(given);
        details.TryAdd(AttributesRequestMethod, "GET");
        details.TryAdd(AttributesUrlAddAttributes, "false");
        (string Key, string Field)[] discovered = [(AuthorizeUrl, "authorization_endpoint"), (TokenUrl, "token_endpoint"), (AttributesUrl, "userinfo_endpoint"), (JwksUri, "jwks_uri")];
        if (discovered.All(d => details.ContainsKey(d.Key))) return details;

        var issuer = details[OidcIssuer];
        var url = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        var (document, failure) = await Discover(url, ct);
        foreach (var (key, field) in discovered)
        {
            if (details.ContainsKey(key)) continue;
            if (document?[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String) details[key] = (string)value!;
            else if (key != AttributesUrl)
                throw Errors.InvalidParameter(failure is null
                    ? $"The discovery document of {issuer} has no {field}: give {key} in ProviderDetails."
                    : $"Unable to discover the endpoints of {issuer} at {url}: {failure}. Give authorize_url, token_url, attributes_url and jwks_uri in ProviderDetails, or an oidc_issuer whose discovery document can be fetched.");
        }
        return details;
    }

    private static async Task<(JsonObject? Document, string? Failure)> Discover(string url, CancellationToken ct)
    {
        var (status, body, failure) = await Get(url, ct);
        if (failure is not null) return (null, failure);
        if (status is < 200 or > 299) return (null, $"it answered HTTP {status}");
        try
        {
            return JsonNode.Parse(body!) is JsonObject document ? (document, null) : (null, "the document is not a JSON object");
        }
        catch (JsonException)
        {
            return (null, "the document is not JSON");
        }
    }

    /// <summary>A SAML provider's metadata, from its MetadataFile or fetched from its MetadataURL, read for the endpoints Describe shows.</summary>
    private static async Task<Dictionary<string, string>> SamlDetails(IReadOnlyDictionary<string, string> given, CancellationToken ct)
    {
        var url = given.GetValueOrDefault(MetadataUrl);
        var file = given.GetValueOrDefault(MetadataFile);
        if (string.IsNullOrEmpty(url) && string.IsNullOrEmpty(file))
            throw Errors.InvalidParameter("At least one of the MetadataURL or MetadataFile should be provided.");
        if (!string.IsNullOrEmpty(url) && !string.IsNullOrEmpty(file))
            throw Errors.InvalidParameter("Only one of the MetadataURL or MetadataFile should be provided.");
        foreach (var flag in (string[])[IdpSignout, IdpInit, EncryptedResponses]) CheckChoice(given, flag, "true", "false");
        CheckChoice(given, RequestSigningAlgorithm, "rsa-sha256");

        var xml = string.IsNullOrEmpty(file) ? await FetchMetadata(url!, ct) : file;
        var metadata = SamlMetadata.Parse(xml);
        if (metadata.SsoRedirectUrl is null) throw Errors.InvalidParameter("No SingleSignOn Http redirect binding location found in metadata.");
        if (metadata.SigningCertificates.Count == 0) throw Errors.InvalidParameter("No signing certificate found in metadata.");

        var details = given.Where(d => d.Key is not (SsoRedirectBindingUri or SloRedirectBindingUri or ActiveEncryptionCertificate)).ToDictionary();
        details[SsoRedirectBindingUri] = metadata.SsoRedirectUrl;
        if (metadata.SloRedirectUrl is not null) details[SloRedirectBindingUri] = metadata.SloRedirectUrl;
        if (string.IsNullOrEmpty(file)) details[FetchedMetadata] = xml;
        return details;
    }

    private static async Task<string> FetchMetadata(string url, CancellationToken ct)
    {
        var (status, body, failure) = await Get(url, ct);
        if (failure is not null) throw Errors.InvalidParameter($"Unable to retrieve metadata from remote metadata source {url}: {failure}.");
        if (status is < 200 or > 299) throw Errors.InvalidParameter($"Non-ok status code {status} returned from remote metadata source {url}");
        return body!;
    }

    /// <summary>GET a document: the status and body, or why there was no answer.</summary>
    private static async Task<(int Status, string? Body, string? Failure)> Get(string url, CancellationToken ct)
    {
        try
        {
            using var response = await Http.GetAsync(url, ct);
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
            return ((int)response.StatusCode, body, null);
        }
        catch (HttpRequestException e)
        {
            return (0, null, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (0, null, "no answer within 5 seconds");
        }
    }

    private static void CheckUrls(IReadOnlyDictionary<string, string> details, bool production)
    {
        foreach (var key in UrlKeys)
        {
            if (!details.TryGetValue(key, out var value)) continue;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                throw Errors.InvalidParameter($"{key} {value} is not an absolute https URL.");
            // A local IdP in development mode speaks plain http; production mode only talks to providers over TLS.
            if (production && uri.Scheme != "https")
                throw Errors.InvalidParameter($"{key} {value} must be an https URL.");
        }
    }

    private static void CheckChoice(IReadOnlyDictionary<string, string> details, string key, params string[] allowed)
    {
        if (details.TryGetValue(key, out var value) && !allowed.Contains(value))
            throw Errors.InvalidParameter($"{key} must be {Sentence(allowed, "or")}, not {value}.");
    }

    /// <summary>Sign in with Apple's client secret is an ES256 JWT signed with this key: the .p8 file Apple issues (a P-256 key, PEM).</summary>
    private static void CheckApplePrivateKey(string pem)
    {
        var invalid = Errors.InvalidParameter("private_key is not a P-256 private key in PEM (the .p8 file Apple issues).");
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw invalid;
        }
        if (key.KeySize != 256) throw invalid;
    }

    private static string Sentence(string[] items, string conjunction = "and") =>
        items.Length == 1 ? items[0] : $"{string.Join(", ", items[..^1])} {conjunction} {items[^1]}";

    [GeneratedRegex(@"^v[0-9]+\.[0-9]+$")]
    private static partial Regex GraphApiVersion();
}
