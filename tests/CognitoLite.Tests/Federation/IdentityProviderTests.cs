using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.UserPools;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Federation;

public sealed class IdentityProviderTestsOnPostgres(PostgresHost fixture) : IdentityProviderContract(fixture), IClassFixture<PostgresHost>;

public sealed class IdentityProviderTestsOnSqlite(SqliteHost fixture) : IdentityProviderContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// Create/Describe/Update/Delete/ListIdentityProviders and GetIdentityProviderByIdentifier for the social types and
/// OIDC providers with explicit endpoints (nothing fetched), their ProviderDetails, AttributeMapping and IdpIdentifiers,
/// and app clients' SupportedIdentityProviders. Discovery and SAML metadata: IdentityProviderDiscoveryTests.
/// </summary>
public abstract class IdentityProviderContract(HostFixture fixture)
{
    private const string Google = "Google";

    private static readonly Dictionary<string, string> GoogleDetails = new()
    {
        ["client_id"] = "1example23456789.apps.googleusercontent.com",
        ["client_secret"] = "provider-app-client-secret",
        ["authorize_scopes"] = "email profile openid",
    };

    private AwsClient Aws { get; } = fixture.Host.Aws();

    /// <summary>An OIDC provider whose endpoints are all given, so nothing is fetched.</summary>
    private static Dictionary<string, string> OidcDetails(string secret = "oidc-secret") => new()
    {
        ["client_id"] = "oidc-client",
        ["client_secret"] = secret,
        ["authorize_scopes"] = "openid email",
        ["oidc_issuer"] = "https://idp.example.com",
        ["authorize_url"] = "https://idp.example.com/authorize",
        ["token_url"] = "https://idp.example.com/token",
        ["attributes_url"] = "https://idp.example.com/userinfo",
        ["jwks_uri"] = "https://idp.example.com/jwks.json",
    };

    private Task<JsonNode> Create(string poolId, string name, string type, Dictionary<string, string> details, object? mapping = null, string[]? identifiers = null)
    {
        var body = new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = name,
            ["ProviderType"] = type,
            ["ProviderDetails"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(details)),
        };
        if (mapping is not null) body["AttributeMapping"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(mapping));
        if (identifiers is not null) body["IdpIdentifiers"] = new JsonArray(identifiers.Select(i => (JsonNode)i).ToArray());
        return Aws.Idp("CreateIdentityProvider", body.ToJsonString());
    }

    private async Task<JsonNode> Describe(string poolId, string name) =>
        (await Aws.Idp("DescribeIdentityProvider", new { UserPoolId = poolId, ProviderName = name }))["IdentityProvider"]!;

    private static Dictionary<string, string> Map(JsonNode? node) => node!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    [Fact]
    public async Task A_Google_provider_is_described_with_Cognito_s_Google_endpoints_and_its_secret_as_AWS_does()
    {
        var poolId = await Aws.CreatePool();

        var created = (await Create(poolId, Google, Google, GoogleDetails))["IdentityProvider"]!;

        Assert.Equal(poolId, created["UserPoolId"].Str());
        Assert.Equal(Google, created["ProviderName"].Str());
        Assert.Equal(Google, created["ProviderType"].Str());
        // DescribeIdentityProvider's Google example in AWS's API model, key for key.
        Assert.Equal(new Dictionary<string, string>
        {
            ["attributes_url"] = "https://people.googleapis.com/v1/people/me?personFields=",
            ["attributes_url_add_attributes"] = "true",
            ["authorize_scopes"] = "email profile openid",
            ["authorize_url"] = "https://accounts.google.com/o/oauth2/v2/auth",
            ["client_id"] = "1example23456789.apps.googleusercontent.com",
            ["client_secret"] = "provider-app-client-secret",
            ["oidc_issuer"] = "https://accounts.google.com",
            ["token_request_method"] = "POST",
            ["token_url"] = "https://www.googleapis.com/oauth2/v4/token",
        }, Map(created["ProviderDetails"]));
        Assert.Equal(new Dictionary<string, string> { ["username"] = "sub" }, Map(created["AttributeMapping"]));
        // Create returns IdpIdentifiers only when the request gave them; Describe always does.
        Assert.Null(created["IdpIdentifiers"]);
        Expect.IsEpochSeconds(created["CreationDate"]);
        Expect.IsEpochSeconds(created["LastModifiedDate"]);

        var described = await Describe(poolId, Google);
        Assert.Equal(Map(created["ProviderDetails"]), Map(described["ProviderDetails"]));
        Assert.Empty(described["IdpIdentifiers"]!.AsArray());
        Assert.Equal(created["CreationDate"]!.GetValue<double>(), described["CreationDate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Facebook_Amazon_and_Apple_get_their_endpoints_and_Apple_s_private_key_is_never_described()
    {
        var poolId = await Aws.CreatePool();
        var facebook = (await Create(poolId, "Facebook", "Facebook",
            new() { ["client_id"] = "1example23456789", ["client_secret"] = "fb-secret", ["authorize_scopes"] = "public_profile, email" }))["IdentityProvider"]!;
        Assert.Equal(new Dictionary<string, string>
        {
            ["api_version"] = "v17.0",
            ["attributes_url"] = "https://graph.facebook.com/v17.0/me?fields=",
            ["attributes_url_add_attributes"] = "true",
            ["authorize_scopes"] = "public_profile, email",
            ["authorize_url"] = "https://www.facebook.com/v17.0/dialog/oauth",
            ["client_id"] = "1example23456789",
            ["client_secret"] = "fb-secret",
            ["token_request_method"] = "GET",
            ["token_url"] = "https://graph.facebook.com/v17.0/oauth/access_token",
        }, Map(facebook["ProviderDetails"]));
        Assert.Equal(new Dictionary<string, string> { ["username"] = "id" }, Map(facebook["AttributeMapping"]));

        var amazon = (await Create(poolId, "LoginWithAmazon", "LoginWithAmazon", new()
        {
            ["client_id"] = "amzn1.application-oa2-client.1example23456789", ["client_secret"] = "amazon-secret", ["authorize_scopes"] = "profile postal_code",
        }))["IdentityProvider"]!;
        Assert.Equal(new Dictionary<string, string>
        {
            ["attributes_url"] = "https://api.amazon.com/user/profile",
            ["attributes_url_add_attributes"] = "false",
            ["authorize_scopes"] = "profile postal_code",
            ["authorize_url"] = "https://www.amazon.com/ap/oa",
            ["client_id"] = "amzn1.application-oa2-client.1example23456789",
            ["client_secret"] = "amazon-secret",
            ["token_request_method"] = "POST",
            ["token_url"] = "https://api.amazon.com/auth/o2/token",
        }, Map(amazon["ProviderDetails"]));
        Assert.Equal(new Dictionary<string, string> { ["username"] = "user_id" }, Map(amazon["AttributeMapping"]));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Create(poolId, "SignInWithApple", "SignInWithApple", new()
        {
            ["client_id"] = "com.example.cognito", ["team_id"] = "3EXAMPLE", ["key_id"] = "2EXAMPLE",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(), ["authorize_scopes"] = "email name",
        });
        var apple = await Describe(poolId, "SignInWithApple");
        Assert.Equal(new Dictionary<string, string>
        {
            ["attributes_url_add_attributes"] = "false",
            ["authorize_scopes"] = "email name",
            ["authorize_url"] = "https://appleid.apple.com/auth/authorize",
            ["client_id"] = "com.example.cognito",
            ["key_id"] = "2EXAMPLE",
            ["oidc_issuer"] = "https://appleid.apple.com",
            ["team_id"] = "3EXAMPLE",
            ["token_request_method"] = "POST",
            ["token_url"] = "https://appleid.apple.com/auth/token",
        }, Map(apple["ProviderDetails"]));
    }

    [Fact]
    public async Task Details_the_caller_gives_win_over_the_well_known_endpoints_and_a_Facebook_api_version_is_used_in_its_URLs()
    {
        var poolId = await Aws.CreatePool();
        var details = new Dictionary<string, string>(GoogleDetails) { ["token_url"] = "http://127.0.0.1:4000/token", ["authorize_url"] = "http://127.0.0.1:4000/authorize" };
        var google = Map((await Create(poolId, Google, Google, details))["IdentityProvider"]!["ProviderDetails"]);
        Assert.Equal("http://127.0.0.1:4000/token", google["token_url"]);
        Assert.Equal("http://127.0.0.1:4000/authorize", google["authorize_url"]);
        Assert.Equal("https://people.googleapis.com/v1/people/me?personFields=", google["attributes_url"]);

        var facebook = Map((await Create(poolId, "Facebook", "Facebook", new()
        {
            ["client_id"] = "1example23456789", ["client_secret"] = "fb-secret", ["authorize_scopes"] = "public_profile", ["api_version"] = "v21.0",
        }))["IdentityProvider"]!["ProviderDetails"]);
        Assert.Equal("v21.0", facebook["api_version"]);
        Assert.Equal("https://www.facebook.com/v21.0/dialog/oauth", facebook["authorize_url"]);
        Assert.Equal("https://graph.facebook.com/v21.0/oauth/access_token", facebook["token_url"]);
    }

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_ProviderDetails_Secret_gives_them_back()
    {
        var poolId = await Aws.CreatePool();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        await Create(poolId, Google, Google, GoogleDetails);
        await Create(poolId, "SignInWithApple", "SignInWithApple", new()
        {
            ["client_id"] = "com.example.cognito", ["team_id"] = "TEAM", ["key_id"] = "KEY", ["private_key"] = pem, ["authorize_scopes"] = "email",
        });

        var stored = string.Join("\n", await StoredRows.Read(fixture.Host, $"SELECT \"ProviderDetails\" FROM \"IdentityProviders\" WHERE \"UserPoolId\" = '{poolId}'"));
        Assert.DoesNotContain("provider-app-client-secret", stored);
        Assert.DoesNotContain("PRIVATE KEY", stored);

        using var scope = fixture.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var google = await db.IdentityProviders.SingleAsync(p => p.UserPoolId == poolId && p.ProviderName == Google);
        var apple = await db.IdentityProviders.SingleAsync(p => p.UserPoolId == poolId && p.ProviderName == "SignInWithApple");
        Assert.Equal("provider-app-client-secret", ProviderDetails.Secret(google, ProviderDetails.ClientSecret, secrets));
        Assert.Equal(pem, ProviderDetails.Secret(apple, ProviderDetails.PrivateKey, secrets));
        Assert.Null(ProviderDetails.Secret(apple, ProviderDetails.ClientSecret, secrets));
        // What the sign-in flow needs of Google is stored, though Describe does not show it.
        Assert.Equal("https://www.googleapis.com/oauth2/v3/certs", google.ProviderDetails[ProviderDetails.JwksUri]);
    }

    [Fact]
    public async Task A_social_provider_must_be_named_after_its_type_and_COGNITO_names_no_provider()
    {
        var poolId = await Aws.CreatePool();

        var misnamed = await Expect.InvalidParameter(() => Create(poolId, "MyGoogle", Google, GoogleDetails));
        Assert.Equal("Provider MyGoogle cannot be of type Google.", misnamed.AwsMessage);
        await Expect.InvalidParameter(() => Create(poolId, "COGNITO", "OIDC", OidcDetails()));
        // CreateIdentityProvider's name pattern: three characters at least, no leading underscore.
        await Expect.InvalidParameter(() => Create(poolId, "ab", "OIDC", OidcDetails()));
        await Expect.InvalidParameter(() => Create(poolId, "_abc", "OIDC", OidcDetails()));
        var type = await Expect.InvalidParameter(() => Create(poolId, "Okta", "Okta", OidcDetails()));
        Assert.StartsWith("1 validation error detected: Value 'Okta' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set:", type.AwsMessage);
    }

    [Fact]
    public async Task Required_unknown_and_malformed_details_are_refused_with_InvalidParameter()
    {
        var poolId = await Aws.CreatePool();
        async Task Refused(string name, string type, Dictionary<string, string> details, string message) =>
            Assert.Equal(message, (await Expect.InvalidParameter(() => Create(poolId, name, type, details))).AwsMessage);

        await Refused(Google, Google, new() { ["client_id"] = "a", ["authorize_scopes"] = "email" },
            "client_id, client_secret and authorize_scopes are all required idp details");
        await Refused(Google, Google, new(GoogleDetails) { ["client_secret"] = "" },
            "client_id, client_secret and authorize_scopes are all required idp details");
        await Refused("SignInWithApple", "SignInWithApple", new() { ["client_id"] = "a", ["key_id"] = "k", ["private_key"] = "p", ["authorize_scopes"] = "email" },
            "client_id, team_id, key_id, private_key and authorize_scopes are all required idp details");
        await Refused("SignInWithApple", "SignInWithApple", new() { ["client_id"] = "a", ["team_id"] = "t", ["key_id"] = "k", ["private_key"] = "not a key", ["authorize_scopes"] = "email" },
            "private_key is not a P-256 private key in PEM (the .p8 file Apple issues).");
        var oidcWithoutIssuer = OidcDetails();
        oidcWithoutIssuer.Remove("oidc_issuer");
        await Refused("Corp", "OIDC", oidcWithoutIssuer, "client_id, client_secret, authorize_scopes and oidc_issuer are all required idp details");
        await Refused(Google, Google, new(GoogleDetails) { ["colour"] = "blue" }, "colour is not a provider detail of Google identity providers.");
        await Refused(Google, Google, new(GoogleDetails) { ["team_id"] = "t" }, "team_id is not a provider detail of Google identity providers.");
        await Refused(Google, Google, new(GoogleDetails) { ["token_request_method"] = "PUT" }, "token_request_method must be GET or POST, not PUT.");
        await Refused(Google, Google, new(GoogleDetails) { ["attributes_url_add_attributes"] = "yes" }, "attributes_url_add_attributes must be true or false, not yes.");
        await Refused(Google, Google, new(GoogleDetails) { ["token_url"] = "not a url" }, "token_url not a url is not an absolute https URL.");
        await Refused(Google, Google, new(GoogleDetails) { ["token_url"] = "ftp://idp.example.com/token" }, "token_url ftp://idp.example.com/token is not an absolute https URL.");
        await Refused("Corp", "OIDC", new(OidcDetails()) { ["attributes_request_method"] = "DELETE" }, "attributes_request_method must be GET or POST, not DELETE.");
        await Refused("Facebook", "Facebook", new() { ["client_id"] = "a", ["client_secret"] = "b", ["authorize_scopes"] = "email", ["api_version"] = "17" },
            "api_version 17 is not a Graph API version such as v17.0.");
        await Refused("Corp", "SAML", new(), "At least one of the MetadataURL or MetadataFile should be provided.");
        Assert.Empty((await Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId }))["Providers"]!.AsArray());
    }

    [Fact]
    public async Task A_second_provider_of_the_same_name_is_a_DuplicateProviderException()
    {
        var poolId = await Aws.CreatePool();
        await Create(poolId, "Corp", "OIDC", OidcDetails());

        var duplicate = await Expect.Error("DuplicateProviderException", HttpStatusCode.BadRequest, () => Create(poolId, "Corp", "OIDC", OidcDetails()));
        Assert.Equal($"Corp already exists in user pool {poolId}", duplicate.AwsMessage);
        await Create(await Aws.CreatePool(), "Corp", "OIDC", OidcDetails());
    }

    [Fact]
    public async Task Unknown_providers_and_pools_are_ResourceNotFound()
    {
        var poolId = await Aws.CreatePool();

        Assert.Equal($"Identity provider Nobody for tenantId {poolId} does not exist.",
            (await Expect.NotFound(() => Describe(poolId, "Nobody"))).AwsMessage);
        Assert.Equal($"Identity provider Nobody in User Pool {poolId} does not exist.",
            (await Expect.NotFound(() => Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Nobody", AttributeMapping = new { email = "email" } }))).AwsMessage);
        await Expect.NotFound(() => Aws.Idp("DeleteIdentityProvider", new { UserPoolId = poolId, ProviderName = "Nobody" }));
        await Expect.NotFound(() => Aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = poolId, IdpIdentifier = "nobody" }));
        await Expect.NotFound(() => Create("us-east-1_NoSuchP00l", "Corp", "OIDC", OidcDetails()));
        await Expect.NotFound(() => Aws.Idp("ListIdentityProviders", new { UserPoolId = "us-east-1_NoSuchP00l" }));
        // The user pool itself is no provider to change.
        await Expect.Error("UnsupportedIdentityProviderException", HttpStatusCode.BadRequest,
            () => Aws.Idp("DeleteIdentityProvider", new { UserPoolId = poolId, ProviderName = "COGNITO" }));
        await Expect.Error("UnsupportedIdentityProviderException", HttpStatusCode.BadRequest,
            () => Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "COGNITO", AttributeMapping = new { email = "email" } }));
    }

    [Fact]
    public async Task Update_changes_what_it_is_given_and_keeps_the_rest()
    {
        var poolId = await Aws.CreatePool();
        await Create(poolId, "Corp", "OIDC", OidcDetails(), new { email = "email" }, ["corp"]);

        var mapped = (await Aws.Idp("UpdateIdentityProvider", new
        {
            UserPoolId = poolId, ProviderName = "Corp", AttributeMapping = new { email = "mail", name = "name" },
        }))["IdentityProvider"]!;
        Assert.Equal(new Dictionary<string, string> { ["email"] = "mail", ["name"] = "name" }, Map(mapped["AttributeMapping"]));
        Assert.Null(mapped["IdpIdentifiers"]);
        Assert.Equal("oidc-secret", Map(mapped["ProviderDetails"])["client_secret"]);

        // ProviderDetails, when given, is the provider's whole configuration again.
        var details = OidcDetails("rotated-secret");
        details.Remove("attributes_url");
        details["authorize_url"] = "https://idp.example.com/v2/authorize";
        details["attributes_url"] = "https://idp.example.com/v2/userinfo";
        details["attributes_request_method"] = "POST";
        var updated = (await Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp", ProviderDetails = details }))["IdentityProvider"]!;
        Assert.Equal(new Dictionary<string, string>(details) { ["attributes_url_add_attributes"] = "false" }, Map(updated["ProviderDetails"]));

        var described = await Describe(poolId, "Corp");
        Assert.Equal(Map(updated["ProviderDetails"]), Map(described["ProviderDetails"]));
        Assert.Equal(new Dictionary<string, string> { ["email"] = "mail", ["name"] = "name" }, Map(described["AttributeMapping"]));
        Assert.Equal(["corp"], described["IdpIdentifiers"].Strings());
        Assert.True(described["LastModifiedDate"]!.GetValue<double>() >= described["CreationDate"]!.GetValue<double>());

        var cleared = (await Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp", AttributeMapping = new { }, IdpIdentifiers = Array.Empty<string>() }))["IdentityProvider"]!;
        Assert.Empty(cleared["AttributeMapping"]!.AsObject());
        Assert.Empty(cleared["IdpIdentifiers"]!.AsArray());
        await Expect.NotFound(() => Aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = poolId, IdpIdentifier = "corp" }));
    }

    [Fact]
    public async Task A_deleted_provider_is_gone_with_its_identifiers()
    {
        var poolId = await Aws.CreatePool();
        await Create(poolId, "Corp", "OIDC", OidcDetails(), identifiers: ["corp"]);

        Assert.Equal("{}", (await Aws.Idp("DeleteIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp" })).ToJsonString());

        await Expect.NotFound(() => Describe(poolId, "Corp"));
        await Expect.NotFound(() => Aws.Idp("DeleteIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp" }));
        await Create(poolId, "Other", "OIDC", OidcDetails(), identifiers: ["corp"]);
    }

    [Fact]
    public async Task ListIdentityProviders_pages_by_name_with_summaries_only()
    {
        var poolId = await Aws.CreatePool();
        foreach (var name in new[] { "ccc", "aaa", "bbb" }) await Create(poolId, name, "OIDC", OidcDetails());

        var first = await Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId, MaxResults = 2 });
        Assert.Equal(["aaa", "bbb"], first["Providers"]!.AsArray().Select(p => p!["ProviderName"].Str()));
        var summary = first["Providers"]![0]!.AsObject();
        Assert.Equal(["CreationDate", "LastModifiedDate", "ProviderName", "ProviderType"], summary.Select(p => p.Key).Order());
        Assert.Equal("OIDC", summary["ProviderType"].Str());
        Expect.IsEpochSeconds(summary["CreationDate"]);

        var second = await Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId, MaxResults = 2, NextToken = first["NextToken"].Str() });
        Assert.Equal(["ccc"], second["Providers"]!.AsArray().Select(p => p!["ProviderName"].Str()));
        Assert.Null(second["NextToken"]);

        var all = await Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId, MaxResults = 0 });
        Assert.Equal(3, all["Providers"]!.AsArray().Count);
        Assert.Null(all["NextToken"]);
        await Expect.InvalidParameter(() => Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId, MaxResults = 61 }));
        await Expect.InvalidParameter(() => Aws.Idp("ListIdentityProviders", new { UserPoolId = poolId, NextToken = "garbage" }));
    }

    [Fact]
    public async Task IdpIdentifiers_find_their_provider_and_are_unique_in_the_pool()
    {
        var poolId = await Aws.CreatePool();
        var created = (await Create(poolId, "Corp", "OIDC", OidcDetails(), identifiers: ["corp", "corp.example.com"]))["IdentityProvider"]!;
        Assert.Equal(["corp", "corp.example.com"], created["IdpIdentifiers"].Strings());

        var found = (await Aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = poolId, IdpIdentifier = "corp.example.com" }))["IdentityProvider"]!;
        Assert.Equal("Corp", found["ProviderName"].Str());
        Assert.Equal(["corp", "corp.example.com"], found["IdpIdentifiers"].Strings());
        Assert.Equal("oidc-secret", Map(found["ProviderDetails"])["client_secret"]);

        var clash = await Expect.Error("DuplicateProviderException", HttpStatusCode.BadRequest,
            () => Create(poolId, "Partner", "OIDC", OidcDetails(), identifiers: ["partner", "corp"]));
        Assert.Equal($"IdpIdentifier corp is already used by identity provider Corp in user pool {poolId}.", clash.AwsMessage);
        await Expect.NotFound(() => Describe(poolId, "Partner"));

        await Create(poolId, "Partner", "OIDC", OidcDetails(), identifiers: ["partner"]);
        await Expect.Error("DuplicateProviderException", HttpStatusCode.BadRequest,
            () => Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Partner", IdpIdentifiers = new[] { "partner", "corp.example.com" } }));
        // Identifiers move once their provider lets them go; keeping one's own is no clash.
        await Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp", IdpIdentifiers = new[] { "corp" } });
        var moved = (await Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = "Partner", IdpIdentifiers = new[] { "partner", "corp.example.com" } }))["IdentityProvider"]!;
        Assert.Equal(["partner", "corp.example.com"], moved["IdpIdentifiers"].Strings());
        Assert.Equal("Partner", (await Aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = poolId, IdpIdentifier = "corp.example.com" }))["IdentityProvider"]!["ProviderName"].Str());
        Assert.Equal("Corp", (await Aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = poolId, IdpIdentifier = "corp" }))["IdentityProvider"]!["ProviderName"].Str());

        var twice = await Expect.InvalidParameter(() => Create(poolId, "Third", "OIDC", OidcDetails(), identifiers: ["third", "third"]));
        Assert.Equal("IdpIdentifier third is given more than once.", twice.AwsMessage);
        // The API model's limits: 50 identifiers, each 1-40 characters of [\w\s+=.@-].
        await Expect.InvalidParameter(() => Create(poolId, "Third", "OIDC", OidcDetails(), identifiers: Enumerable.Range(0, 51).Select(i => $"id{i}").ToArray()));
        await Expect.InvalidParameter(() => Create(poolId, "Third", "OIDC", OidcDetails(), identifiers: ["no/slash"]));
        await Expect.InvalidParameter(() => Create(poolId, "Third", "OIDC", OidcDetails(), identifiers: [new string('x', 41)]));
    }

    [Fact]
    public async Task AttributeMapping_keys_are_pool_attributes_and_username_only_takes_the_provider_s_user_id()
    {
        var poolId = (await Aws.Idp("CreateUserPool", new
        {
            PoolName = "mapping-" + Guid.NewGuid().ToString("N")[..8],
            Schema = new[] { new { Name = "tenant", AttributeDataType = "String", Mutable = true } },
        }))["UserPool"]!["Id"].Str();

        var mapped = (await Create(poolId, Google, Google, GoogleDetails, new Dictionary<string, string>
        {
            ["email"] = "email", ["email_verified"] = "email_verified", ["custom:tenant"] = "hd", ["username"] = "sub",
        }))["IdentityProvider"]!;
        Assert.Equal(new Dictionary<string, string> { ["email"] = "email", ["email_verified"] = "email_verified", ["custom:tenant"] = "hd", ["username"] = "sub" },
            Map(mapped["AttributeMapping"]));

        var otherId = await Expect.InvalidParameter(() => Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = Google, AttributeMapping = new { username = "email" } }));
        Assert.Equal("username can only be mapped to sub for Google identity providers.", otherId.AwsMessage);
        var unknown = await Expect.InvalidParameter(() => Aws.Idp("UpdateIdentityProvider", new Dictionary<string, object>
        {
            ["UserPoolId"] = poolId, ["ProviderName"] = Google, ["AttributeMapping"] = new Dictionary<string, string> { ["custom:plan"] = "plan" },
        }));
        Assert.Equal($"Attribute mapping key custom:plan is not an attribute of user pool {poolId}.", unknown.AwsMessage);
        await Expect.InvalidParameter(() => Aws.Idp("UpdateIdentityProvider", new { UserPoolId = poolId, ProviderName = Google, AttributeMapping = new { sub = "sub" } }));
        await Expect.InvalidParameter(() => Create(poolId, "Facebook", "Facebook",
            new() { ["client_id"] = "a", ["client_secret"] = "b", ["authorize_scopes"] = "email" }, new { username = "sub" }));
        Assert.Equal(Map(mapped["AttributeMapping"]), Map((await Describe(poolId, Google))["AttributeMapping"]));
    }

    [Fact]
    public async Task App_clients_may_name_the_pool_s_providers_and_lose_a_deleted_one()
    {
        var poolId = await Aws.CreatePool();
        const string settings = """{ "SupportedIdentityProviders": ["COGNITO", "Google", "Corp"] }""";

        var unknown = await Expect.InvalidParameter(() => Aws.CreateClient(poolId, settings));
        Assert.Equal($"The provider Google does not exist for User Pool {poolId}.", unknown.AwsMessage);

        await Create(poolId, Google, Google, GoogleDetails);
        await Create(poolId, "Corp", "OIDC", OidcDetails());
        var client = await Aws.CreateClient(poolId, settings);
        Assert.Equal(["COGNITO", "Google", "Corp"], client["SupportedIdentityProviders"].Strings());
        var other = await Aws.CreateClient(poolId, """{ "SupportedIdentityProviders": ["Corp"] }""");
        await Expect.InvalidParameter(() => Aws.Idp("UpdateUserPoolClient", $$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{client["ClientId"].Str()}}", "SupportedIdentityProviders": ["Okta"] }
            """));

        await Aws.Idp("DeleteIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp" });

        var described = await Aws.Idp("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = client["ClientId"].Str() });
        Assert.Equal(["COGNITO", "Google"], described["UserPoolClient"]!["SupportedIdentityProviders"].Strings());
        var emptied = await Aws.Idp("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = other["ClientId"].Str() });
        Assert.Empty(emptied["UserPoolClient"]!["SupportedIdentityProviders"]!.AsArray());
        // A provider of another pool is not this pool's.
        var elsewhere = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.CreateClient(elsewhere, """{ "SupportedIdentityProviders": ["Google"] }"""));
    }
}
