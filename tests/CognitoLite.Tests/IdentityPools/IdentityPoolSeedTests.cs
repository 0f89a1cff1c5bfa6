using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

/// <summary>Identity pools in the seed file: fixed ids, roles, wired to a seeded user pool; /_dev/reset restores them.</summary>
public sealed class IdentityPoolSeedTests : IDisposable
{
    private const string UserPoolId = "us-east-1_Example01";
    private const string ClientId = "exampleclient0000000000001";
    private const string IdentityPoolId = "us-east-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    private const string AuthRole = "arn:aws:iam::000000000000:role/SeedAuthenticated";
    private const string GuestRole = "arn:aws:iam::000000000000:role/SeedGuest";

    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-seed-").FullName;
    private readonly string _seedFile;

    public IdentityPoolSeedTests()
    {
        _seedFile = Path.Combine(_folder, "seed.json");
        File.WriteAllText(_seedFile, $$"""
            {
              "UserPools": [{
                "Id": "{{UserPoolId}}", "PoolName": "example",
                "Clients": [{ "ClientId": "{{ClientId}}", "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
                "Users": [{ "Username": "alice", "Password": "{{IdpFlows.Password}}" }]
              }],
              "IdentityPools": [{
                "IdentityPoolId": "{{IdentityPoolId}}", "IdentityPoolName": "example", "AllowUnauthenticatedIdentities": true,
                "CognitoIdentityProviders": [{ "ProviderName": "cognito-idp.us-east-1.amazonaws.com/{{UserPoolId}}", "ClientId": "{{ClientId}}" }],
                "Roles": { "authenticated": "{{AuthRole}}", "unauthenticated": "{{GuestRole}}" }
              }]
            }
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_seeded_identity_pool_has_its_id_and_roles_and_trusts_the_seeded_user_pool()
    {
        using var host = await Start();
        var flows = new IdentityFlows(host);
        var idToken = (await flows.Idp.SignIn(new TestClient(UserPoolId, ClientId, null), "alice"))["IdToken"].Str();
        var logins = new Dictionary<string, string> { [IdentityFlows.ProviderName(UserPoolId)] = idToken };

        var roles = await flows.Aws.Identity("GetIdentityPoolRoles", new { IdentityPoolId });
        var identityId = await flows.GetId(IdentityPoolId, logins);
        var credentials = await flows.Credentials(identityId, logins);

        Expect.Contains($$"""{ "Roles": { "authenticated": "{{AuthRole}}", "unauthenticated": "{{GuestRole}}" } }""", roles);
        Assert.StartsWith($"RoleArn={AuthRole}", await flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_wipes_identity_pools_and_their_identities_and_restores_the_seeded_ones()
    {
        using var host = await Start();
        var flows = new IdentityFlows(host);
        var extra = await flows.CreatePool();
        var guest = await flows.GetId(IdentityPoolId);
        await flows.Aws.Identity("UpdateIdentityPool", new { IdentityPoolId, IdentityPoolName = "changed", AllowUnauthenticatedIdentities = false });

        var reset = await flows.Aws.Http.PostAsync("/_dev/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await Expect.NotFound(() => flows.Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = extra }));
        await Expect.NotFound(() => flows.Aws.Identity("DescribeIdentity", new { IdentityId = guest }));
        Expect.Contains("""{ "IdentityPoolName": "example", "AllowUnauthenticatedIdentities": true }""", await flows.Aws.Identity("DescribeIdentityPool", new { IdentityPoolId }));
    }

    private async Task<CognitoHost> Start()
    {
        var host = new CognitoHost(await PostgresServer.CreateDatabaseAsync(nameof(IdentityPoolSeedTests)), new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = _seedFile });
        _ = host.Server;
        return host;
    }
}
