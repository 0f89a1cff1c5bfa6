using System.Net;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.IdentityPools;
using CognitoLite.Tests.Pages;

namespace CognitoLite.Tests.Federation;

public sealed class FederatedIdentityPoolTestsOnPostgres(FederationHost<OnPostgres> fixture) : FederatedIdentityPoolContract(fixture.Host, fixture.Idp), IClassFixture<FederationHost<OnPostgres>>;

public sealed class FederatedIdentityPoolTestsOnSqlite(FederationHost<OnSqlite> fixture) : FederatedIdentityPoolContract(fixture.Host, fixture.Idp), IClassFixture<FederationHost<OnSqlite>>;

/// <summary>
/// Identity pools take the ID token of a user who signed in through an OIDC provider as they take a native user's
/// (issue 14, item 6): the token is the user pool's, so GetId and GetCredentialsForIdentity see no difference, and role
/// rules can match the automatic `&lt;poolId&gt;_&lt;provider&gt;` group the token names.
/// </summary>
public abstract class FederatedIdentityPoolContract(CognitoHost host, OidcProviderStandIn idp)
{
    private const string Provider = "Idp";
    private readonly IdentityFlows _flows = new(host);
    private readonly LoginPagesClient _pages = new(host);

    private sealed record Setup(TestClient Client, string IdentityPoolId)
    {
        public string LoginKey => IdentityFlows.ProviderName(Client.PoolId);

        public Dictionary<string, string> Logins(string idToken) => new() { [LoginKey] = idToken };
    }

    /// <summary>A user pool with the stand-in as provider `Idp`, a client offering it and passwords, and an identity pool trusting the client.</summary>
    private async Task<Setup> Pools()
    {
        var poolId = await _flows.Idp.CreatePool();
        await _flows.Aws.Idp("CreateIdentityProvider", new
        {
            UserPoolId = poolId,
            ProviderName = Provider,
            ProviderType = "OIDC",
            ProviderDetails = idp.ProviderDetails(),
            AttributeMapping = new { email = "email" },
        });
        var client = await _pages.WebClientOf(poolId, """{ "SupportedIdentityProviders": ["COGNITO", "Idp"] }""");
        var identityPoolId = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = IdentityFlows.ProviderName(poolId), ClientId = client.Id } } });
        return new Setup(client, identityPoolId);
    }

    /// <summary>The code flow through the provider (which signs its user in at once), as a browser would follow it; the ID token.</summary>
    private async Task<string> FederatedIdToken(TestClient client)
    {
        var pages = new LoginPagesClient(host);
        var toProvider = await pages.Open(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", Provider), ("scope", "openid email")));
        Assert.Equal(HttpStatusCode.Redirect, toProvider.Status);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await browser.GetAsync(toProvider.Location)).Headers.Location!;
        var toApp = await pages.Get(back.PathAndQuery);
        var tokens = await pages.Exchange(client, toApp.RedirectParameters()["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens.Body!["id_token"].Str();
    }

    private async Task<string> NativeIdToken(TestClient client) => await _flows.IdToken(client, "native" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>GetId twice (one identity), credentials for it, and the stored row of what was issued with the user's sub and identity id as placeholders.</summary>
    private async Task<(string IdentityId, string Issued)> Exchange(Setup setup, string idToken)
    {
        var identityId = await _flows.GetId(setup.IdentityPoolId, setup.Logins(idToken));
        Assert.Equal(identityId, await _flows.GetId(setup.IdentityPoolId, setup.Logins(idToken)));
        var response = await _flows.Credentials(identityId, setup.Logins(idToken));
        Assert.Equal(identityId, response["IdentityId"].Str());
        var credentials = response["Credentials"]!;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", credentials["AccessKeyId"].Str());
        Assert.Equal(40, credentials["SecretKey"].Str().Length);
        Assert.False(string.IsNullOrEmpty(credentials["SessionToken"].Str()));
        var issued = await _flows.Issued(credentials["AccessKeyId"].Str());
        return (identityId, issued.Replace(TestJwt.Claims(idToken)["sub"].Str(), "<sub>").Replace(identityId, "<identity>"));
    }

    [Fact]
    public async Task A_federated_users_id_token_gets_an_identity_and_credentials_as_a_native_users_does()
    {
        var setup = await Pools();
        await _flows.SetRoles(setup.IdentityPoolId);
        await _flows.Aws.Identity("SetPrincipalTagAttributeMap", new { IdentityPoolId = setup.IdentityPoolId, IdentityProviderName = setup.LoginKey, UseDefaults = true });
        var federated = await FederatedIdToken(setup.Client);
        Assert.Equal("Idp_oidc-user-1", TestJwt.Claims(federated)["cognito:username"].Str());

        var (nativeIdentity, native) = await Exchange(setup, await NativeIdToken(setup.Client));
        var (federatedIdentity, asFederated) = await Exchange(setup, federated);

        Assert.NotEqual(nativeIdentity, federatedIdentity);
        Assert.Contains($"RoleArn={IdentityFlows.AuthRole}", asFederated, StringComparison.Ordinal);
        Assert.Contains($"\"authenticated\",\"{setup.LoginKey}\",\"{setup.LoginKey}:CognitoSignIn:<sub>\"", asFederated, StringComparison.Ordinal);
        Assert.Equal(native, asFederated);
        var described = await _flows.Aws.Identity("DescribeIdentity", new { IdentityId = federatedIdentity });
        Assert.Equal([setup.LoginKey], described["Logins"].Strings());
    }

    [Fact]
    public async Task Role_rules_can_match_the_automatic_group_of_the_provider()
    {
        var setup = await Pools();
        await _flows.SetRoles(setup.IdentityPoolId, new Dictionary<string, object>
        {
            [$"{setup.LoginKey}:{setup.Client.Id}"] = new
            {
                Type = "Rules",
                AmbiguousRoleResolution = "Deny",
                RulesConfiguration = new { Rules = new[] { new { Claim = "cognito:groups", MatchType = "Equals", Value = $"{setup.Client.PoolId}_{Provider}", RoleARN = IdentityFlows.EditorRole } } },
            },
        });

        var (_, federated) = await Exchange(setup, await FederatedIdToken(setup.Client));
        Assert.StartsWith($"RoleArn={IdentityFlows.EditorRole} | ", federated, StringComparison.Ordinal);
        var native = await NativeIdToken(setup.Client);
        var identityId = await _flows.GetId(setup.IdentityPoolId, setup.Logins(native));
        await UserPoolLoginTests.NotAuthorized(() => _flows.Credentials(identityId, setup.Logins(native)), "The ambiguous role mapping rules denied this request");
    }
}
