using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

/// <summary>
/// A host for identity-pool tests: a manual clock (token expiry without sleeping) and two external OIDC providers whose keys
/// are JWKS files, so that the tests can sign "their" ID tokens.
/// </summary>
public abstract class IdentityHost : ManualClockHost
{
    public const string OidcIssuer = "https://login.example.com";
    public const string GoogleIssuer = "https://accounts.google.com";

    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-oidc-").FullName;

    public RSA OidcKey { get; } = RSA.Create(2048);
    public RSA GoogleKey { get; } = RSA.Create(2048);

    protected override IDictionary<string, string?>? Settings
    {
        get
        {
            File.WriteAllText(Path.Combine(_folder, "oidc.json"), Jwks("oidc-key", OidcKey));
            File.WriteAllText(Path.Combine(_folder, "google.json"), Jwks("google-key", GoogleKey));
            return new Dictionary<string, string?>
            {
                ["CognitoLite:OidcProviders:0:Issuer"] = OidcIssuer,
                ["CognitoLite:OidcProviders:0:JwksFile"] = Path.Combine(_folder, "oidc.json"),
                ["CognitoLite:OidcProviders:1:Issuer"] = GoogleIssuer,
                ["CognitoLite:OidcProviders:1:JwksFile"] = Path.Combine(_folder, "google.json"),
            };
        }
    }

    private static string Jwks(string kid, RSA key)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = TestJwt.Base64Url(parameters.Modulus!), ["e"] = TestJwt.Base64Url(parameters.Exponent!),
            }),
        }.ToJsonString();
    }

    /// <summary>An ID token of the provider at <paramref name="issuer"/>, valid for an hour from the host's clock.</summary>
    public string ExternalToken(string issuer, string sub, string aud, RSA? key = null, TimeSpan? lifetime = null)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var kid = issuer == OidcIssuer ? "oidc-key" : "google-key";
        var claims = new JsonObject
        {
            ["iss"] = issuer, ["sub"] = sub, ["aud"] = aud, ["iat"] = now,
            ["exp"] = now + (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds, ["email"] = sub + "@example.com",
        };
        return TestJwt.Sign(new JsonObject { ["kid"] = kid, ["alg"] = "RS256" }, claims, key ?? (issuer == OidcIssuer ? OidcKey : GoogleKey));
    }
}

public sealed class IdentityHost<TStore> : IdentityHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}

/// <summary>The steps identity-pool tests repeat: pools wired to a user pool client, signed-in users' ID tokens, credentials.</summary>
public sealed class IdentityFlows(CognitoHost host)
{
    public const string AuthRole = "arn:aws:iam::000000000000:role/Authenticated";
    public const string GuestRole = "arn:aws:iam::000000000000:role/Guest";
    public const string AdminRole = "arn:aws:iam::000000000000:role/Admins";
    public const string EditorRole = "arn:aws:iam::000000000000:role/Editors";

    public IdpFlows Idp { get; } = new(host);

    public AwsClient Aws => Idp.Aws;

    public static string ProviderName(string userPoolId) => $"cognito-idp.us-east-1.amazonaws.com/{userPoolId}";

    /// <summary>An identity pool with the given CreateIdentityPool members (a name and AllowUnauthenticatedIdentities=false by default).</summary>
    public async Task<string> CreatePool(object? settings = null)
    {
        var body = settings is null ? new JsonObject() : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(settings))!.AsObject();
        body["IdentityPoolName"] ??= "pool" + Guid.NewGuid().ToString("N")[..8];
        body["AllowUnauthenticatedIdentities"] ??= false;
        return (await Aws.Identity("CreateIdentityPool", body.ToJsonString()))["IdentityPoolId"].Str();
    }

    /// <summary>A user pool client, an identity pool trusting it (with both roles) and a signed-in user's ID token.</summary>
    public async Task<(TestClient Client, string PoolId, string IdToken)> SignedInUser(bool allowGuests = false, bool serverSideTokenCheck = false)
    {
        var client = await Idp.CreatePoolAndClient();
        var poolId = await CreatePool(new
        {
            AllowUnauthenticatedIdentities = allowGuests,
            CognitoIdentityProviders = new[] { new { ProviderName = ProviderName(client.PoolId), ClientId = client.Id, ServerSideTokenCheck = serverSideTokenCheck } },
        });
        await SetRoles(poolId);
        return (client, poolId, await IdToken(client, "user" + Guid.NewGuid().ToString("N")[..8]));
    }

    public async Task<string> IdToken(TestClient client, string username)
    {
        await Idp.ConfirmedUser(client, username);
        return (await Idp.SignIn(client, username))["IdToken"].Str();
    }

    public Task<JsonNode> SetRoles(string poolId, object? roleMappings = null) =>
        Aws.Identity("SetIdentityPoolRoles", new { IdentityPoolId = poolId, Roles = new { authenticated = AuthRole, unauthenticated = GuestRole }, RoleMappings = roleMappings });

    public async Task<string> GetId(string poolId, Dictionary<string, string>? logins = null) =>
        (await Aws.Identity("GetId", new { IdentityPoolId = poolId, Logins = logins }))["IdentityId"].Str();

    public Task<JsonNode> Credentials(string identityId, Dictionary<string, string>? logins = null, string? customRoleArn = null) =>
        Aws.Identity("GetCredentialsForIdentity", new { IdentityId = identityId, Logins = logins, CustomRoleArn = customRoleArn });

    /// <summary>The stored row of issued credentials (role, amr, principal tags) by access key id.</summary>
    public async Task<string> Issued(string accessKeyId) =>
        Assert.Single(await StoredRows.Read(host, $"""SELECT "RoleArn", "Amr", "PrincipalTags", "IdentityId", "Audience", "RoleSessionName" FROM "IssuedCredentials" WHERE "AccessKeyId" = '{accessKeyId}'"""));
}
