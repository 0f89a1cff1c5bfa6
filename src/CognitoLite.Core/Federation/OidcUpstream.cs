using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;

namespace CognitoLite.Core.Federation;

/// <summary>A provider's answer that ends the sign-in; the message goes to the app as error_description, as Cognito's do.</summary>
public sealed class UpstreamException(string message) : Exception(message);

/// <summary>
/// The back channel of an OAuth 2.0 provider (OIDC and the social ones, spec/federation.md §4): the code is exchanged at its
/// token endpoint, the ID token verified (signature against the provider's JWKS, iss, aud, exp, nonce) and the attributes
/// endpoint read with the access token. Anything that does not check out ends the sign-in with no code issued.
/// </summary>
public sealed class OidcUpstream(SecretProtector secrets, TimeProvider clock)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };
    private static readonly TimeSpan KeysCachedFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAtMostEvery = TimeSpan.FromMinutes(1);
    private const int MaxAnswer = 1 << 20;
    /// <summary>Clock difference tolerated between the provider and this server.</summary>
    private const long Skew = 300;

    private sealed record KeySet(Dictionary<string, RSA> Keys, DateTimeOffset FetchedAt);
    private static readonly ConcurrentDictionary<string, KeySet> KeySets = new(StringComparer.Ordinal);

    /// <summary>Providers whose sign-in gives an ID token (the others are known by their attributes endpoint only).</summary>
    public static bool GivesIdToken(IdentityProvider provider) => provider.ProviderType is "OIDC" or "Google" or "SignInWithApple";

    /// <summary>The provider's user: the code exchanged, the ID token verified, the attributes read.</summary>
    public async Task<ProviderIdentity> Exchange(IdentityProvider provider, string code, string redirectUri, string? nonce, string? appleUser, CancellationToken ct)
    {
        var details = provider.ProviderDetails;
        var tokens = await Token(provider, code, redirectUri, ct);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        string? subject = null;
        string? issuer = null;
        if (GivesIdToken(provider))
        {
            var idToken = Jwks.Text(tokens, "id_token") ?? throw new UpstreamException($"{provider.ProviderName} Error - no id_token in the token response");
            var verified = await Verify(provider, idToken, nonce, ct);
            foreach (var (name, value) in verified) AddClaim(claims, name, value);
            subject = claims.GetValueOrDefault("sub");
            // `identities` names the issuer of an OIDC provider only: Cognito's are null for Google and Apple.
            if (provider.ProviderType == "OIDC") issuer = details.GetValueOrDefault("oidc_issuer");
        }
        if (Jwks.Text(tokens, "access_token") is { } accessToken && details.GetValueOrDefault("attributes_url") is { Length: > 0 } attributesUrl)
        {
            foreach (var (name, value) in await Attributes(provider, attributesUrl, accessToken, ct))
            {
                // The ID token is the signed statement: the attributes endpoint adds to it and never contradicts its subject.
                if (name == "sub" && subject is not null && value?.ToString() != subject)
                    throw new UpstreamException($"{provider.ProviderName} Error - the attributes endpoint names another subject");
                if (!claims.ContainsKey(name)) AddClaim(claims, name, value);
            }
        }
        if (appleUser is not null) AddAppleUser(claims, appleUser);
        subject ??= provider.ProviderType switch
        {
            "Facebook" => claims.GetValueOrDefault("id"),
            "LoginWithAmazon" => claims.GetValueOrDefault("user_id"),
            _ => claims.GetValueOrDefault("sub"),
        };
        if (string.IsNullOrEmpty(subject) || subject.Length > 128)
            throw new UpstreamException($"{provider.ProviderName} Error - the provider did not say who the user is");
        return new ProviderIdentity(subject, issuer, claims);
    }

    private async Task<JsonObject> Token(IdentityProvider provider, string code, string redirectUri, CancellationToken ct)
    {
        var details = provider.ProviderDetails;
        var url = details.GetValueOrDefault("token_url") ?? throw new UpstreamException($"{provider.ProviderName} Error - no token endpoint");
        var clientId = details.GetValueOrDefault("client_id") ?? "";
        var clientSecret = provider.ProviderType == "SignInWithApple" ? AppleClientSecret(provider) : Secret(provider, "client_secret");
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        };
        // Cognito authenticates with client_secret_post; a provider that takes only client_secret_basic answers 401, and
        // the same request goes again with the secret in the Authorization header.
        var answer = await Send(TokenRequest(details, url, form), provider, "token", ct);
        if (answer.StatusCode == HttpStatusCode.Unauthorized && provider.ProviderType == "OIDC")
        {
            answer.Dispose();
            form.Remove("client_secret");
            var basic = TokenRequest(details, url, form);
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}")));
            answer = await Send(basic, provider, "token", ct);
        }
        using (answer)
        {
            if (!answer.IsSuccessStatusCode)
            {
                // Cognito names a social provider's OAuth error (`SignInWithApple Error - 400 invalid_client`); an OIDC provider's by its status only.
                var error = provider.ProviderType == "OIDC" ? null : await OAuthError(answer, ct);
                throw new UpstreamException($"{provider.ProviderName} Error - {(int)answer.StatusCode} {error ?? "error getting token"}");
            }
            return await ReadObject(answer, provider, "token", ct);
        }
    }

    /// <summary>The `error` code of an OAuth error answer (RFC 6749 §5.2), or null when the answer has none (Facebook's is an object).</summary>
    private static async Task<string?> OAuthError(HttpResponseMessage answer, CancellationToken ct)
    {
        try
        {
            var bytes = await answer.Content.ReadAsByteArrayAsync(ct);
            return bytes.Length <= MaxAnswer && JsonNode.Parse(bytes) is JsonObject body && Jwks.Text(body, "error") is { Length: > 0 and <= 64 } error &&
                error.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
                ? error
                : null;
        }
        catch (Exception failure) when (failure is JsonException or HttpRequestException || failure is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>POST of the form, as OAuth 2.0 asks; Facebook's token endpoint takes a GET with the parameters in the query.</summary>
    private static HttpRequestMessage TokenRequest(Dictionary<string, string> details, string url, Dictionary<string, string> form) =>
        details.GetValueOrDefault("token_request_method") == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, ManagedLogin.WithParameters(url, form))
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };

    private static async Task<HttpResponseMessage> Send(HttpRequestMessage request, IdentityProvider provider, string endpoint, CancellationToken ct)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new UpstreamException($"Timeout occurred in calling IdP {endpoint} endpoint");
        }
        catch (HttpRequestException error)
        {
            throw new UpstreamException($"{provider.ProviderName} Error - {error.Message}");
        }
    }

    private static async Task<JsonObject> ReadObject(HttpResponseMessage answer, IdentityProvider provider, string what, CancellationToken ct)
    {
        try
        {
            var bytes = await answer.Content.ReadAsByteArrayAsync(ct);
            if (bytes.Length > MaxAnswer) throw new UpstreamException($"{provider.ProviderName} Error - the {what} response is too large");
            return JsonNode.Parse(bytes) as JsonObject ?? throw new UpstreamException($"{provider.ProviderName} Error - the {what} response is not a JSON object");
        }
        catch (JsonException)
        {
            throw new UpstreamException($"{provider.ProviderName} Error - the {what} response is not JSON");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new UpstreamException($"Timeout occurred in calling IdP {what} endpoint");
        }
    }

    /// <summary>The ID token's claims once its signature, issuer, audience, expiry and nonce are right.</summary>
    private async Task<JsonObject> Verify(IdentityProvider provider, string idToken, string? nonce, CancellationToken ct)
    {
        var details = provider.ProviderDetails;
        if (Jwt.Parse(idToken) is not var (header, claims, signingInput, signature))
            throw new UpstreamException($"{provider.ProviderName} Error - the id_token is not a JWT");
        var hash = Jwks.Text(header, "alg") switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            var alg => throw new UpstreamException($"{provider.ProviderName} Error - id_token algorithm {alg ?? "none"} is not accepted"),
        };
        var jwksUri = details.GetValueOrDefault("jwks_uri") ?? throw new UpstreamException($"{provider.ProviderName} Error - no jwks_uri to verify the id_token");
        var key = await Key(jwksUri, Jwks.Text(header, "kid") ?? "", ct);
        if (key is null || signature.Length == 0 || !key.VerifyData(signingInput, signature, hash, RSASignaturePadding.Pkcs1))
            throw new UpstreamException($"{provider.ProviderName} Error - invalid id_token signature");

        var iss = Jwks.Text(claims, "iss");
        if (iss is null || !SameIssuer(provider, iss, details.GetValueOrDefault("oidc_issuer") ?? ""))
            throw new UpstreamException($"Bad id_token issuer {iss}");
        var audiences = claims["aud"] switch
        {
            JsonArray array => array.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null).ToList(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
            _ => [],
        };
        if (!audiences.Contains(details.GetValueOrDefault("client_id")))
            throw new UpstreamException($"Bad id_token audience {string.Join(' ', audiences)}");
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (Number(claims, "exp") is not { } exp || exp + Skew <= now) throw new UpstreamException($"{provider.ProviderName} Error - the id_token has expired");
        if (Number(claims, "iat") is { } iat && iat > now + Skew) throw new UpstreamException($"{provider.ProviderName} Error - the id_token was issued in the future");
        if (nonce is not null && !FixedTimeEquals(Jwks.Text(claims, "nonce"), nonce))
            throw new UpstreamException($"Bad id_token nonce");
        if (string.IsNullOrEmpty(Jwks.Text(claims, "sub"))) throw new UpstreamException($"{provider.ProviderName} Error - the id_token has no sub");
        return claims;
    }

    /// <summary>
    /// Issuers compare as Cognito's do: exactly, except a trailing slash. Google's tokens name theirs with or without the
    /// scheme (`accounts.google.com`), and so may those of a stand-in that configuration puts in Google's place.
    /// </summary>
    private static bool SameIssuer(IdentityProvider provider, string iss, string configured) =>
        iss.TrimEnd('/') == configured.TrimEnd('/') ||
        provider.ProviderType == "Google" && Uri.TryCreate(configured, UriKind.Absolute, out var uri) && iss.TrimEnd('/') == (uri.Authority + uri.AbsolutePath).TrimEnd('/');

    private static bool FixedTimeEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// <summary>The provider's key by kid, from its JWKS cached for an hour and fetched again when an unknown kid shows up.</summary>
    private async Task<RSA?> Key(string jwksUri, string kid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        KeySets.TryGetValue(jwksUri, out var set);
        if (set is null || now - set.FetchedAt > KeysCachedFor || !set.Keys.ContainsKey(kid) && now - set.FetchedAt > RefetchAtMostEvery)
        {
            try
            {
                using var answer = await Http.GetAsync(jwksUri, ct);
                answer.EnsureSuccessStatusCode();
                set = new KeySet(Jwks.Parse(await answer.Content.ReadAsStringAsync(ct)), now);
                KeySets[jwksUri] = set;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new UpstreamException("Timeout in calling jwks uri");
            }
            catch (Exception error) when (error is HttpRequestException or JsonException or InvalidOperationException)
            {
                throw new UpstreamException($"Error in calling jwks uri: {error.Message}");
            }
        }
        return set.Keys.GetValueOrDefault(kid) ?? (kid.Length == 0 && set.Keys.Count == 1 ? set.Keys.Values.Single() : null);
    }

    /// <summary>
    /// The attributes endpoint (userinfo, Facebook's /me, Amazon's profile, Google's People API) with the access token.
    /// Facebook and Google answer only the fields asked for: the mapped ones are appended to a URL that ends in `fields=`
    /// (Facebook's `fields=`, Google's `personFields=`). Google's People API refuses any name that is not one of its person
    /// fields, and the rest of a Google mapping (email, name, …) is read from the ID token, so only person fields are asked
    /// for, `names` always (the API refuses an empty list).
    /// </summary>
    private static async Task<JsonObject> Attributes(IdentityProvider provider, string url, string accessToken, CancellationToken ct)
    {
        if (url.EndsWith('='))
        {
            IEnumerable<string> mapped = provider.ProviderType == "Facebook" || provider.ProviderDetails.GetValueOrDefault("attributes_url_add_attributes") == "true"
                ? provider.AttributeMapping.Values
                : [];
            var fields = provider.ProviderType switch
            {
                "Facebook" => mapped.Append("id"),
                "Google" => mapped.Where(GooglePersonFields.Contains).Prepend("names"),
                _ => mapped,
            };
            url += string.Join(',', fields.Distinct().Select(Uri.EscapeDataString));
        }
        var request = provider.ProviderDetails.GetValueOrDefault("attributes_request_method") == "POST"
            ? new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([]) }
            : new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var answer = await Send(request, provider, "attributes", ct);
        if (!answer.IsSuccessStatusCode) throw new UpstreamException($"{provider.ProviderName} Error - {(int)answer.StatusCode} error getting user attributes");
        var attributes = await ReadObject(answer, provider, "attributes", ct);
        return provider.ProviderType == "Google" ? PersonAttributes(attributes) : attributes;
    }

    /// <summary>The person fields of Google's People API (people.get's personFields).</summary>
    private static readonly HashSet<string> GooglePersonFields = new(StringComparer.Ordinal)
    {
        "addresses", "ageRanges", "biographies", "birthdays", "calendarUrls", "clientData", "coverPhotos", "emailAddresses", "events",
        "externalIds", "genders", "imClients", "interests", "locales", "locations", "memberships", "metadata", "miscKeywords", "names",
        "nicknames", "occupations", "organizations", "phoneNumbers", "photos", "relations", "sipAddresses", "skills", "urls", "userDefined",
    };

    /// <summary>The members of a People API entry that hold its text, most precise first.</summary>
    private static readonly string[] EntryText = ["canonicalForm", "value", "displayName", "text"];

    /// <summary>
    /// A People API person gives each field as a list of entries, one marked primary: a mapped field is that entry's text
    /// (a phone number's E.164 canonicalForm, else its value, a name's displayName), so `phone_number` ← `phoneNumbers` is
    /// a phone number, not the JSON of the list. A field whose entries have no such text stays JSON.
    /// </summary>
    private static JsonObject PersonAttributes(JsonObject person)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in person)
        {
            var entries = value as JsonArray;
            var entry = entries?.OfType<JsonObject>().FirstOrDefault(e => e["metadata"]?["primary"]?.GetValueKind() == JsonValueKind.True)
                ?? entries?.OfType<JsonObject>().FirstOrDefault();
            var text = entry is null ? null : EntryText.Select(field => Jwks.Text(entry, field)).FirstOrDefault(t => t is not null);
            attributes[name] = text is not null ? JsonValue.Create(text) : value?.DeepClone();
        }
        return attributes;
    }

    /// <summary>Claims as attribute text: strings as they are, other values as their JSON (true, 42, or an object).</summary>
    private static void AddClaim(Dictionary<string, string> claims, string name, JsonNode? value)
    {
        if (value is null) return;
        claims[name] = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    /// <summary>Apple sends the name only once, in the first sign-in's `user` form field: `{"name":{"firstName","lastName"},"email"}`.</summary>
    private static void AddAppleUser(Dictionary<string, string> claims, string user)
    {
        try
        {
            if (user.Length > 4096 || JsonNode.Parse(user) is not JsonObject parsed) return;
            if (parsed["name"] is JsonObject name)
                foreach (var part in new[] { "firstName", "lastName" })
                    if (Jwks.Text(name, part) is { } value) claims[part] = value;
            if (Jwks.Text(parsed, "email") is { } email) claims.TryAdd("email", email);
        }
        catch (JsonException)
        {
        }
    }

    private string Secret(IdentityProvider provider, string key) => ProviderDetails.Secret(provider, key, secrets) ?? "";

    /// <summary>
    /// Sign in with Apple takes as client_secret a JWT the app signs with its key (ES256, kid = key_id, iss = team_id,
    /// sub = the Services ID, aud = Apple), valid for a short while.
    /// </summary>
    private string AppleClientSecret(IdentityProvider provider)
    {
        var details = provider.ProviderDetails;
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(Secret(provider, "private_key"));
        }
        catch (ArgumentException)
        {
            throw new UpstreamException("SignInWithApple Error - private_key is not a PEM EC private key");
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = details.GetValueOrDefault("key_id") };
        var claims = new JsonObject
        {
            ["iss"] = details.GetValueOrDefault("team_id"),
            ["iat"] = now,
            ["exp"] = now + 300,
            ["aud"] = "https://appleid.apple.com",
            ["sub"] = details.GetValueOrDefault("client_id"),
        };
        var input = $"{Jwt.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Jwt.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{input}.{Jwt.Base64Url(signature)}";
    }

    private static long? Number(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number
        : node[name] is JsonValue text && text.GetValueKind() == JsonValueKind.String && long.TryParse(text.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;
}
