using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Core;
using CognitoLite.Core.Seed;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Seed;

/// <summary>
/// The seed file (CognitoLite:SeedFile) and POST /_dev/reset, each test with hosts of its own (a reset wipes
/// everything) on a PostgreSQL database of its own; production mode on SQLite.
/// </summary>
public sealed class SeedTests : IDisposable
{
    private const string PoolId = "us-east-1_Example01";
    private const string OtherPoolId = "us-east-1_Example02";
    private const string ClientId = "seedclient0000000000000001";
    private const string ClientSecret = "seedsecret0123456789abcdefghijklmnopqrstuvwxyz01234";
    private const string OtherClientId = "seedclient0000000000000002";
    private const string AdminRole = "arn:aws:iam::123456789012:role/SeedAdmins";
    private const string HashedPassword = "Hashed-Passw0rd!";

    private static readonly TestClient Client = new(PoolId, ClientId, ClientSecret);
    private static readonly TestClient OtherClient = new(OtherPoolId, OtherClientId, null);

    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-seed-").FullName;
    private readonly string _seedFile;

    public SeedTests()
    {
        _seedFile = Path.Combine(_folder, "seed.json");
        var hash = BCrypt.Net.BCrypt.HashPassword(HashedPassword, 5);
        File.WriteAllText(_seedFile, $$"""
            {
              "UserPools": [
                {
                  "Id": "{{PoolId}}",
                  "PoolName": "seeded-one",
                  "AutoVerifiedAttributes": ["email"],
                  "Clients": [
                    { "ClientId": "{{ClientId}}", "ClientSecret": "{{ClientSecret}}", "ClientName": "seeded-app",
                      "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }
                  ],
                  "Groups": [
                    { "GroupName": "admins", "Precedence": 1, "RoleArn": "{{AdminRole}}", "Description": "Seeded admins" },
                    { "GroupName": "staff", "Precedence": 5 }
                  ],
                  "Users": [
                    { "Username": "alice", "Password": "{{IdpFlows.Password}}",
                      "Attributes": { "email": "alice@example.com", "email_verified": "true", "given_name": "Alice" },
                      "Groups": ["admins", "staff"] },
                    { "Username": "bob", "PasswordHash": "{{hash}}", "Attributes": { "email": "bob@example.com" } },
                    { "Username": "carl", "Password": "Temp0rary!", "Status": "FORCE_CHANGE_PASSWORD" }
                  ]
                },
                {
                  "Id": "{{OtherPoolId}}",
                  "PoolName": "seeded-two",
                  "Clients": [
                    { "ClientId": "{{OtherClientId}}", "ClientName": "other-app", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }
                  ],
                  "Users": [ { "Username": "zoe", "Password": "{{IdpFlows.Password}}" } ]
                }
              ]
            }
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Seeded_pools_clients_and_users_have_the_given_ids_and_sign_in_with_groups_in_their_tokens()
    {
        using var host = await Start();
        var idp = new IdpFlows(host);

        Assert.Equal("seeded-one", (await idp.Aws.Idp("DescribeUserPool", new { UserPoolId = PoolId }))["UserPool"]!["Name"].Str());
        var client = (await idp.Aws.Idp("DescribeUserPoolClient", new { UserPoolId = PoolId, ClientId }))["UserPoolClient"]!;
        Assert.Equal(ClientId, client["ClientId"].Str());
        Assert.Equal(ClientSecret, client["ClientSecret"].Str());
        Assert.Equal("seeded-app", client["ClientName"].Str());

        var tokens = await idp.SignIn(Client, "alice");
        var id = TestJwt.Claims(tokens["IdToken"].Str());
        Assert.Equal(ClientId, id["aud"].Str());
        Assert.EndsWith("/" + PoolId, id["iss"].Str(), StringComparison.Ordinal);
        Assert.Equal("alice@example.com", id["email"].Str());
        Assert.Equal(["admins", "staff"], id["cognito:groups"].Strings());
        Assert.Equal(AdminRole, id["cognito:preferred_role"].Str());
        Assert.Equal(["admins", "staff"], TestJwt.Claims(tokens["AccessToken"].Str())["cognito:groups"].Strings());

        var alice = await idp.AdminGetUser(PoolId, "alice");
        Assert.Equal("CONFIRMED", alice["UserStatus"].Str());
        Assert.Equal("true", UserAdmin.ToMap(alice["UserAttributes"])["email_verified"]);

        await idp.SignIn(Client, "bob", HashedPassword);
        await idp.NewPasswordChallenge(Client, "carl", "Temp0rary!");
        await idp.SignIn(OtherClient, "zoe");
        Assert.Equal("Seeded admins", (await idp.Aws.Idp("GetGroup", new { UserPoolId = PoolId, GroupName = "admins" }))["Group"]!["Description"].Str());
    }

    [Fact]
    public async Task A_second_host_on_the_same_database_applies_the_seed_again_without_duplicates_or_overwrites()
    {
        var database = await PostgresServer.CreateDatabaseAsync(nameof(SeedTests));
        // A restarted server keeps its master key (here: the same EncryptionKey), or it could not read the client secrets.
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using (var first = await Start(database, key))
        {
            await first.Aws().Idp("AdminSetUserPassword", new { UserPoolId = PoolId, Username = "alice", Password = UserAdmin.NewPassword, Permanent = true });
        }

        using var second = await Start(database, key);
        var idp = new IdpFlows(second);

        var pools = (await idp.Aws.Idp("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray();
        Assert.Equal([PoolId, OtherPoolId], pools.Select(p => p!["Id"].Str()).Order(StringComparer.Ordinal));
        var users = (await idp.Aws.Idp("ListUsers", new { UserPoolId = PoolId }))["Users"]!.AsArray();
        Assert.Equal(["alice", "bob", "carl"], users.Select(u => u!["Username"].Str()).Order(StringComparer.Ordinal));
        var groups = (await idp.Aws.Idp("ListGroups", new { UserPoolId = PoolId }))["Groups"]!.AsArray();
        Assert.Equal(["admins", "staff"], groups.Select(g => g!["GroupName"].Str()).Order(StringComparer.Ordinal));
        var clients = (await idp.Aws.Idp("ListUserPoolClients", new { UserPoolId = PoolId, MaxResults = 60 }))["UserPoolClients"]!.AsArray();
        Assert.Equal([ClientId], clients.Select(c => c!["ClientId"].Str()));
        var aliceGroups = (await idp.Aws.Idp("AdminListGroupsForUser", new { UserPoolId = PoolId, Username = "alice" }))["Groups"]!.AsArray();
        Assert.Equal(2, aliceGroups.Count);
        // What changed since the seed was applied stays: the seed only adds what is missing.
        await idp.SignIn(Client, "alice", UserAdmin.NewPassword);
    }

    [Fact]
    public async Task Reset_wipes_what_was_created_since_and_restores_the_seed()
    {
        using var host = await Start();
        var idp = new IdpFlows(host);
        await idp.AdminCreateUser(PoolId, "extra", null, null, ["EMAIL"], ("email", "extra@example.com"));
        Assert.NotEmpty(await idp.Messages(PoolId, "extra"));
        await idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = PoolId, Username = "alice", Password = UserAdmin.NewPassword, Permanent = true });
        await idp.Aws.Idp("AdminRemoveUserFromGroup", new { UserPoolId = PoolId, Username = "alice", GroupName = "staff" });
        await idp.Aws.Idp("DeleteGroup", new { UserPoolId = PoolId, GroupName = "admins" });
        var newPool = await idp.CreatePool();
        var oldAccess = (await idp.SignIn(Client, "alice", UserAdmin.NewPassword))["AccessToken"].Str();

        var reset = await idp.Aws.Http.PostAsync("/_dev/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal("all", (await reset.Content.ReadFromJsonAsync<JsonObject>())!["reset"].Str());
        await IdpFlows.Refused("UserNotFoundException", () => idp.AdminGetUser(PoolId, "extra"));
        await Expect.NotFound(() => idp.Aws.Idp("DescribeUserPool", new { UserPoolId = newPool }));
        Assert.Empty(await idp.Messages(PoolId, "extra"));
        await IdpFlows.Refused("NotAuthorizedException", () => idp.PasswordAuth(Client, "alice", UserAdmin.NewPassword));
        var tokens = await idp.SignIn(Client, "alice");
        Assert.Equal(["admins", "staff"], TestJwt.Claims(tokens["IdToken"].Str())["cognito:groups"].Strings());
        await IdpFlows.Refused("NotAuthorizedException", () => idp.GetUser(oldAccess));
        Assert.Equal(ClientSecret, (await idp.Aws.Idp("DescribeUserPoolClient", new { UserPoolId = PoolId, ClientId }))["UserPoolClient"]!["ClientSecret"].Str());
    }

    [Fact]
    public async Task Reset_of_one_pool_leaves_the_other_pools_alone()
    {
        using var host = await Start();
        var idp = new IdpFlows(host);
        await idp.AdminCreateUser(PoolId, "extra", "Temp0rary!", "SUPPRESS");
        await idp.AdminCreateUser(OtherPoolId, "yan", "Temp0rary!", "SUPPRESS");
        await idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = PoolId, Username = "alice", Password = UserAdmin.NewPassword, Permanent = true });
        await idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = OtherPoolId, Username = "zoe", Password = UserAdmin.NewPassword, Permanent = true });

        var reset = await idp.Aws.Http.PostAsync($"/_dev/reset?userPoolId={PoolId}", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(PoolId, (await reset.Content.ReadFromJsonAsync<JsonObject>())!["reset"].Str());
        await IdpFlows.Refused("UserNotFoundException", () => idp.AdminGetUser(PoolId, "extra"));
        await idp.SignIn(Client, "alice");
        Assert.Equal("FORCE_CHANGE_PASSWORD", await idp.Status(OtherPoolId, "yan"));
        await idp.SignIn(OtherClient, "zoe", UserAdmin.NewPassword);
        var users = (await idp.Aws.Idp("ListUsers", new { UserPoolId = PoolId }))["Users"]!.AsArray();
        Assert.Equal(["alice", "bob", "carl"], users.Select(u => u!["Username"].Str()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_a_seed_file_reset_leaves_an_empty_server()
    {
        using var host = await CognitoHost.StartAsync(Store.Postgres, nameof(SeedTests));
        var idp = new IdpFlows(host);
        var pool = await idp.CreatePool();

        var reset = await idp.Aws.Http.PostAsync("/_dev/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await Expect.NotFound(() => idp.Aws.Idp("DescribeUserPool", new { UserPoolId = pool }));
        Assert.Empty((await idp.Aws.Idp("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray());
    }

    [Fact]
    public async Task In_production_mode_the_dev_endpoints_answer_404()
    {
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(SeedTests), ProductionSettings());
        var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/_dev/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/_dev/messages?userPoolId=us-east-1_Example01&username=alice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/_dev/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/_dev/reset?userPoolId=us-east-1_Example01", null)).StatusCode);
    }

    [Fact]
    public void A_seed_file_in_production_mode_fails_validation()
    {
        var options = new CognitoOptions
        {
            Mode = "production",
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            AdminCredentials = [new AdminCredential { AccessKeyId = "AKIAKEY", SecretAccessKey = "secret" }],
            SeedFile = _seedFile,
        };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("seed file", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_production_host_with_a_seed_file_refuses_to_start()
    {
        var settings = ProductionSettings();
        settings["CognitoLite:SeedFile"] = _seedFile;
        using var host = new CognitoHost(postgres: null, settings);

        // Program prints CognitoOptions.Validate's message and exits before building the host.
        Assert.ThrowsAny<Exception>(() => host.Server);
    }

    [Theory]
    [InlineData("{ not json", "")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{ "UserPools": [ { "PoolName": "p" } ] }""", "needs an Id")]
    [InlineData("""{ "UserPools": [ { "Id": "not an id", "PoolName": "p" } ] }""", "does not look like a user pool id")]
    [InlineData("""{ "UserPools": [ { "Id": "us-east-1_Example09", "PoolName": "p", "Users": [ { "Username": "u", "Password": "Passw0rd!", "Groups": ["nope"] } ] } ] }""", "group nope")]
    [InlineData("""{ "UserPools": [ { "Id": "us-east-1_Example09", "PoolName": "p", "Users": [ { "Username": "u", "PasswordHash": "plain" } ] } ] }""", "bcrypt")]
    [InlineData("""{ "UserPools": [ { "Id": "us-east-1_Example09", "PoolName": "p", "Users": [ { "Username": "u", "Password": "Passw0rd!", "Status": "ARCHIVED" } ] } ] }""", "Status must be")]
    public async Task A_bad_seed_file_is_refused_with_a_message_naming_the_file(string content, string expected)
    {
        // Program turns this exception ("Seed file ...") into a start-up error; in process the host has already been built,
        // so the seed service is called directly.
        File.WriteAllText(_seedFile, content);
        using var host = await CognitoHost.StartAsync(Store.Postgres, nameof(SeedTests));
        await using var scope = host.Services.CreateAsyncScope();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SeedService>().Apply(_seedFile, CancellationToken.None));

        Assert.StartsWith("Seed file " + _seedFile, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_pool_with_UsernameAttributes_a_seeded_users_username_is_its_sub_and_the_email_signs_in()
    {
        const string sub = "6f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7";
        var seedFile = Path.Combine(_folder, "email-usernames.json");
        File.WriteAllText(seedFile, $$"""
            { "UserPools": [{ "Id": "{{PoolId}}", "PoolName": "emails", "UsernameAttributes": ["email"],
                "Clients": [{ "ClientId": "{{OtherClientId}}", "ClientName": "app", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"] }],
                "Users": [{ "Username": "Dana@Example.com", "Sub": "{{sub}}", "Password": "{{IdpFlows.Password}}",
                            "Attributes": { "email_verified": "True" } }] }] }
            """);
        var database = await PostgresServer.CreateDatabaseAsync(nameof(SeedTests));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = seedFile, ["CognitoLite:EncryptionKey"] = key };
        using (var first = new CognitoHost(database, settings)) _ = first.Server;
        // A second start applies the seed again: the user typed by email is found, not added twice.
        using var host = new CognitoHost(database, settings);
        var idp = new IdpFlows(host);

        var users = (await idp.Aws.Idp("ListUsers", new { UserPoolId = PoolId }))["Users"]!.AsArray();
        Assert.Equal([sub], users.Select(u => u!["Username"].Str()));
        var dana = await idp.AdminGetUser(PoolId, "dana@example.com");
        Assert.Equal(sub, dana["Username"].Str());
        Assert.Equal("Dana@Example.com", UserAdmin.ToMap(dana["UserAttributes"])["email"]);
        var tokens = await idp.SignIn(new TestClient(PoolId, OtherClientId, null), "dana@example.com");
        Assert.Equal(sub, TestJwt.Claims(tokens["AccessToken"].Str())["username"].Str());
    }

    private async Task<CognitoHost> Start(string? database = null, string? encryptionKey = null)
    {
        var settings = new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = _seedFile };
        if (encryptionKey is not null) settings["CognitoLite:EncryptionKey"] = encryptionKey;
        var host = new CognitoHost(database ?? await PostgresServer.CreateDatabaseAsync(nameof(SeedTests)), settings);
        _ = host.Server;
        return host;
    }

    private static Dictionary<string, string?> ProductionSettings() => new()
    {
        ["CognitoLite:Mode"] = "production",
        ["CognitoLite:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["CognitoLite:AdminCredentials:0:AccessKeyId"] = "AKIACOGNITOLITESEED1",
        ["CognitoLite:AdminCredentials:0:SecretAccessKey"] = "seed-test-secret",
    };
}
