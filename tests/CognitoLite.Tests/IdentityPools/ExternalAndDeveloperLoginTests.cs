using System.Net;
using System.Security.Cryptography;
using CognitoLite.Core.Credentials;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.IdentityPools;

public sealed class ExternalAndDeveloperLoginTestsOnPostgres(IdentityHost<OnPostgres> fixture) : ExternalAndDeveloperLoginContract(fixture), IClassFixture<IdentityHost<OnPostgres>>;

public sealed class ExternalAndDeveloperLoginTestsOnSqlite(IdentityHost<OnSqlite> fixture) : ExternalAndDeveloperLoginContract(fixture), IClassFixture<IdentityHost<OnSqlite>>;

/// <summary>Logins of configured OIDC providers (JWKS files, offline) and developer-authenticated identities.</summary>
public abstract class ExternalAndDeveloperLoginContract(IdentityHost fixture)
{
    private const string Developer = "login.example.app";
    private readonly IdentityFlows _flows = new(fixture.Host);

    private AwsClient Aws => _flows.Aws;

    private async Task<string> OidcPool()
    {
        var poolId = await _flows.CreatePool(new
        {
            OpenIdConnectProviderARNs = new[] { "arn:aws:iam::000000000000:oidc-provider/login.example.com" },
            SupportedLoginProviders = new Dictionary<string, string> { ["accounts.google.com"] = "google-app.apps.googleusercontent.com" },
        });
        await _flows.SetRoles(poolId);
        return poolId;
    }

    private async Task<string> DeveloperPool()
    {
        var poolId = await _flows.CreatePool(new { DeveloperProviderName = Developer });
        await _flows.SetRoles(poolId);
        return poolId;
    }

    private async Task<Json> DeveloperToken(string poolId, string user, string? identityId = null, object? principalTags = null, long? duration = null) =>
        new(await Aws.Identity("GetOpenIdTokenForDeveloperIdentity", new
        {
            IdentityPoolId = poolId,
            IdentityId = identityId,
            Logins = new Dictionary<string, string> { [Developer] = user },
            PrincipalTags = principalTags,
            TokenDuration = duration,
        }));

    /// <summary>GetOpenIdTokenForDeveloperIdentity's answer.</summary>
    private sealed record Json(System.Text.Json.Nodes.JsonNode Node)
    {
        public string IdentityId => Node[nameof(IdentityId)].Str();
        public string Token => Node[nameof(Token)].Str();
    }

    [Fact]
    public async Task An_OIDC_providers_token_gets_an_identity_and_credentials()
    {
        var poolId = await OidcPool();
        var token = fixture.ExternalToken(IdentityHost.OidcIssuer, "oidc-user-1", "any-client");
        var logins = new Dictionary<string, string> { ["login.example.com"] = token };

        var identityId = await _flows.GetId(poolId, logins);
        var credentials = await _flows.Credentials(identityId, logins);

        Assert.Equal(identityId, await _flows.GetId(poolId, logins));
        var stored = await _flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str());
        Assert.Contains("\"authenticated\",\"login.example.com\",\"login.example.com:any-client:oidc-user-1\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supported_login_providers_token_must_be_for_the_pools_client_id()
    {
        var poolId = await OidcPool();
        var good = fixture.ExternalToken(IdentityHost.GoogleIssuer, "g-user", "google-app.apps.googleusercontent.com");
        var otherApp = fixture.ExternalToken(IdentityHost.GoogleIssuer, "g-user", "another-app");

        Assert.NotNull(await _flows.GetId(poolId, new() { ["accounts.google.com"] = good }));
        await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { ["accounts.google.com"] = otherApp }), "Invalid login token. Incorrect token audience.");
    }

    [Fact]
    public async Task Forged_expired_and_mislabelled_OIDC_tokens_are_refused()
    {
        var poolId = await OidcPool();
        using var forger = RSA.Create(2048);
        var forged = fixture.ExternalToken(IdentityHost.OidcIssuer, "x", "c", forger);
        var expired = fixture.ExternalToken(IdentityHost.OidcIssuer, "x", "c", lifetime: TimeSpan.FromSeconds(-10));
        var googleUnderOidcKey = fixture.ExternalToken(IdentityHost.GoogleIssuer, "x", "google-app.apps.googleusercontent.com");

        await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { ["login.example.com"] = forged }), "Invalid login token. Couldn't verify signed token.");
        var error = await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { ["login.example.com"] = expired }));
        Assert.StartsWith("Invalid login token. Token expired: ", error.AwsMessage, StringComparison.Ordinal);
        await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { ["login.example.com"] = googleUnderOidcKey }), "Invalid login token. Issuer doesn't match providerName");
    }

    [Fact]
    public async Task A_provider_the_pool_lists_but_the_server_has_no_keys_for_is_refused()
    {
        var poolId = await _flows.CreatePool(new { SupportedLoginProviders = new Dictionary<string, string> { ["appleid.apple.com"] = "services-id" } });

        var error = await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { ["appleid.apple.com"] = "x.y.z" }));
        Assert.StartsWith("Invalid login token. ", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reusable_OIDC_verifier_returns_issuer_subject_audience_and_claims()
    {
        var token = fixture.ExternalToken(IdentityHost.OidcIssuer, "sub-42", "aud-7");
        var verifier = fixture.Host.Services.GetRequiredService<OidcProviders>();

        var identity = await verifier.Verify(token, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<WebIdentityTokenException>(() => verifier.Verify(token[..^4] + "AAAA", CancellationToken.None));

        Assert.Equal((IdentityHost.OidcIssuer, "sub-42", "aud-7"), (identity.Issuer, identity.Subject, identity.Audiences.Single()));
        Assert.Equal("sub-42@example.com", identity.Claims["email"].Str());
        Assert.Equal(WebIdentityFailure.Invalid, refused.Failure);
    }

    [Fact]
    public async Task A_developer_identity_gets_a_token_the_same_identity_each_time_and_credentials_with_it()
    {
        var poolId = await DeveloperPool();

        var first = await DeveloperToken(poolId, "user-1", principalTags: new { tenant = "t1" });
        var again = await DeveloperToken(poolId, "user-1");
        var credentials = await _flows.Credentials(first.IdentityId, new() { ["cognito-identity.amazonaws.com"] = first.Token });

        Assert.Equal(first.IdentityId, again.IdentityId);
        var claims = TestJwt.Claims(first.Token);
        Assert.Equal(900, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(["authenticated", Developer, $"{Developer}:{poolId}:user-1"], claims["amr"].Strings());
        var stored = await _flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str());
        Assert.Contains($"RoleArn={IdentityFlows.AuthRole}", stored, StringComparison.Ordinal);
        Assert.Contains("\"tenant\":\"t1\"", stored, StringComparison.Ordinal);
        Assert.Equal(first.IdentityId, await _flows.GetId(poolId, new() { ["cognito-identity.amazonaws.com"] = first.Token }));
    }

    [Fact]
    public async Task A_developer_token_is_only_good_for_its_own_identity_and_pool()
    {
        var poolId = await DeveloperPool();
        var otherPool = await DeveloperPool();
        var alice = await DeveloperToken(poolId, "alice");
        var bob = await DeveloperToken(poolId, "bob");

        await UserPoolLoginTests.NotAuthorized(() => _flows.Credentials(alice.IdentityId, new() { ["cognito-identity.amazonaws.com"] = bob.Token }),
            "Logins don't match. Please include at least one valid login for this identity or identity pool.");
        await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(otherPool, new() { ["cognito-identity.amazonaws.com"] = alice.Token }), "Invalid login token. Incorrect token audience.");
        await UserPoolLoginTests.NotAuthorized(() => _flows.GetId(poolId, new() { [Developer] = "alice" }), "Token is not from a supported provider of this identity pool.");
    }

    [Fact]
    public async Task A_developer_user_already_linked_to_another_identity_cannot_be_given_a_new_one()
    {
        var poolId = await DeveloperPool();
        var alice = await DeveloperToken(poolId, "alice");
        var bob = await DeveloperToken(poolId, "bob");

        var error = await Expect.Error("DeveloperUserAlreadyRegisteredException", HttpStatusCode.BadRequest, () => DeveloperToken(poolId, "alice", bob.IdentityId));
        Assert.NotEmpty(error.AwsMessage);
        var linked = await DeveloperToken(poolId, "alice-phone", alice.IdentityId);
        Assert.Equal(alice.IdentityId, linked.IdentityId);
    }

    [Fact]
    public async Task Developer_requests_are_validated()
    {
        var poolId = await DeveloperPool();

        await Expect.Error("ValidationException", HttpStatusCode.BadRequest, () => DeveloperToken(poolId, "u", duration: 0));
        await Expect.Error("ValidationException", HttpStatusCode.BadRequest, () => DeveloperToken(poolId, "u", duration: 86401));
        await UserPoolLoginTests.NotAuthorized(() => Aws.Identity("GetOpenIdTokenForDeveloperIdentity",
            new { IdentityPoolId = poolId, Logins = new Dictionary<string, string> { ["login.other.app"] = "u" } }));
        await Expect.InvalidParameter(() => Aws.Identity("LookupDeveloperIdentity", new { IdentityPoolId = poolId }));
        var day = await DeveloperToken(poolId, "long", duration: 86400);
        var claims = TestJwt.Claims(day.Token);
        Assert.Equal(86400, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
    }

    [Fact]
    public async Task LookupDeveloperIdentity_finds_the_identity_and_its_user_identifiers_a_page_at_a_time()
    {
        var poolId = await DeveloperPool();
        var alice = await DeveloperToken(poolId, "alice-1");
        await DeveloperToken(poolId, "alice-2", alice.IdentityId);
        await DeveloperToken(poolId, "alice-3", alice.IdentityId);

        var byUser = await Aws.Identity("LookupDeveloperIdentity", new { IdentityPoolId = poolId, DeveloperUserIdentifier = "alice-2", MaxResults = 2 });
        var rest = await Aws.Identity("LookupDeveloperIdentity", new { IdentityPoolId = poolId, IdentityId = alice.IdentityId, MaxResults = 2, NextToken = byUser["NextToken"].Str() });

        Assert.Equal(alice.IdentityId, byUser["IdentityId"].Str());
        Assert.Equal(["alice-1", "alice-2"], byUser["DeveloperUserIdentifierList"].Strings());
        Assert.Equal(["alice-3"], rest["DeveloperUserIdentifierList"].Strings());
        Assert.Null(rest["NextToken"]);
        await Expect.NotFound(() => Aws.Identity("LookupDeveloperIdentity", new { IdentityPoolId = poolId, DeveloperUserIdentifier = "nobody" }));
    }

    [Fact]
    public async Task MergeDeveloperIdentities_moves_the_source_users_logins_and_UnlinkDeveloperIdentity_removes_one()
    {
        var poolId = await DeveloperPool();
        var source = await DeveloperToken(poolId, "old-account");
        var destination = await DeveloperToken(poolId, "new-account");

        var merged = await Aws.Identity("MergeDeveloperIdentities",
            new { IdentityPoolId = poolId, DeveloperProviderName = Developer, SourceUserIdentifier = "old-account", DestinationUserIdentifier = "new-account" });

        Assert.Equal(destination.IdentityId, merged["IdentityId"].Str());
        Assert.Equal(destination.IdentityId, (await DeveloperToken(poolId, "old-account")).IdentityId);
        await Expect.NotFound(() => Aws.Identity("DescribeIdentity", new { IdentityId = source.IdentityId }));
        await Expect.NotFound(() => Aws.Identity("MergeDeveloperIdentities",
            new { IdentityPoolId = poolId, DeveloperProviderName = Developer, SourceUserIdentifier = "ghost", DestinationUserIdentifier = "new-account" }));

        await Aws.Identity("UnlinkDeveloperIdentity", new { IdentityPoolId = poolId, IdentityId = destination.IdentityId, DeveloperProviderName = Developer, DeveloperUserIdentifier = "old-account" });

        Assert.Equal([Developer], (await Aws.Identity("DescribeIdentity", new { IdentityId = destination.IdentityId }))["Logins"].Strings());
        Assert.NotEqual(destination.IdentityId, (await DeveloperToken(poolId, "old-account")).IdentityId);
        await Expect.NotFound(() => Aws.Identity("UnlinkDeveloperIdentity",
            new { IdentityPoolId = poolId, IdentityId = destination.IdentityId, DeveloperProviderName = Developer, DeveloperUserIdentifier = "old-account" }));
    }
}
