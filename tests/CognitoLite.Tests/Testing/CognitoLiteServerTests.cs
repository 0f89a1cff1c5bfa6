using System.Net;
using CognitoLite.Testing;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Testing;

/// <summary>
/// CognitoLite.Testing's in-process server, driven as a user's test suite drives it: raw AWS JSON over a real loopback
/// port, codes read from the server object, its clock moved, its state reset. Each test starts servers of its own.
/// </summary>
public sealed class CognitoLiteServerTests
{
    private const string PoolId = "us-east-1_Fixture01";
    private const string ClientId = "fixtureclient0000000000001";

    /// <summary>A pool that sends sign-up codes by email, a client for password sign-in and a confirmed user.</summary>
    internal static readonly string Seed = $$"""
        {
          "UserPools": [{
            "Id": "{{PoolId}}", "PoolName": "fixture", "AutoVerifiedAttributes": ["email"],
            "Clients": [{ "ClientId": "{{ClientId}}", "ClientName": "app",
                          "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
            "Users": [{ "Username": "alice", "Password": "{{IdpFlows.Password}}",
                        "Attributes": { "email": "alice@example.com", "email_verified": "true" } }]
          }]
        }
        """;

    [Fact]
    public async Task Two_servers_in_one_process_have_their_own_port_store_outbox_and_log()
    {
        var folder = Directory.CreateTempSubdirectory("cognitolite-fixture-logs-");
        try
        {
            var logA = Path.Combine(folder.FullName, "a.log");
            var logB = Path.Combine(folder.FullName, "b.log");
            var started = await Task.WhenAll(
                CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed, Configuration = LogTo(logA) }),
                CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed, Configuration = LogTo(logB) }));
            var (a, b) = (started[0], started[1]);
            await using (b)
            {
                await using (a)
                {
                    Assert.NotEqual(a.Endpoint, b.Endpoint);
                    Assert.Equal("127.0.0.1", a.Endpoint.Host);
                    await SignUp(a, "dave", "dave-a@example.com");
                    await SignUp(b, "dave", "dave-b@example.com");
                    var created = await Aws(a).Idp("CreateUserPool", new { PoolName = "only-in-a" });

                    Assert.Equal("dave-a@example.com", Assert.Single(a.Messages).Destination);
                    Assert.Equal("dave-b@example.com", Assert.Single(b.Messages).Destination);
                    await Expect.NotFound(() => Aws(b).Idp("DescribeUserPool", new { UserPoolId = created["UserPool"]!["Id"].Str() }));
                    // Each server's log has its own messages only, whichever started last.
                    Assert.Contains("dave-a@example.com", ReadShared(logA), StringComparison.Ordinal);
                    Assert.DoesNotContain("dave-b@example.com", ReadShared(logA), StringComparison.Ordinal);
                    Assert.Contains("dave-b@example.com", ReadShared(logB), StringComparison.Ordinal);
                    Assert.DoesNotContain("dave-a@example.com", ReadShared(logB), StringComparison.Ordinal);
                }

                // The other one stopping leaves this one serving, and logging.
                await SignUp(b, "erin", "erin-b@example.com");
                Assert.Equal(2, b.Messages.Count);
                Assert.Contains("erin-b@example.com", ReadShared(logB), StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_code_sent_at_sign_up_is_the_last_code_and_confirms_the_user()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed });
        var aws = Aws(server);

        await SignUp(server, "dave", "dave@example.com");
        var first = await server.GetLastCodeAsync(PoolId, "dave");
        var sent = Assert.Single(server.Messages);
        Assert.Equal((PoolId, "dave", "dave@example.com", "EMAIL", "SignUp", first), (sent.UserPoolId, sent.Username, sent.Destination, sent.Medium, sent.Kind, sent.Code));
        Assert.Contains(first, sent.Body, StringComparison.Ordinal);
        Assert.Matches("^[0-9]{6}$", first);

        await aws.Idp("ResendConfirmationCode", new { ClientId, Username = "dave" });
        var second = await server.GetLastCodeAsync(PoolId, "dave");
        Assert.Equal(["SignUp", "ResendCode"], server.Messages.Select(m => m.Kind));
        Assert.Equal(second, server.Messages[1].Code);
        // The address the code went to finds it too, as /_dev/messages does.
        Assert.Equal(second, await server.GetLastCodeAsync(PoolId, "dave@example.com"));

        await aws.Idp("ConfirmSignUp", new { ClientId, Username = "dave", ConfirmationCode = second });
        var user = await aws.Idp("AdminGetUser", new { UserPoolId = PoolId, Username = "dave" });
        Assert.Equal("CONFIRMED", user["UserStatus"].Str());

        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => server.GetLastCodeAsync(PoolId, "alice"));
        Assert.Equal($"No code was sent to alice in {PoolId}.", none.Message);
    }

    [Fact]
    public async Task Moving_the_clock_past_a_day_expires_a_sign_up_code()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed });
        await SignUp(server, "dave", "dave@example.com");
        var code = await server.GetLastCodeAsync(PoolId, "dave");
        var before = server.Clock.GetUtcNow();

        server.AdvanceTime(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        Assert.True(server.Clock.GetUtcNow() - before >= TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var expired = await Expect.Error("ExpiredCodeException", HttpStatusCode.BadRequest,
            () => Aws(server).Idp("ConfirmSignUp", new { ClientId, Username = "dave", ConfirmationCode = code }));
        Assert.Equal("Invalid code provided, please request a code again.", expired.AwsMessage);
    }

    [Fact]
    public async Task Configuration_entries_reach_the_server()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions
        {
            SeedJson = Seed,
            Configuration = new Dictionary<string, string?> { ["CognitoLite:Codes:SignUpValidity"] = "00:10:00" },
        });
        await SignUp(server, "dave", "dave@example.com");
        var code = await server.GetLastCodeAsync(PoolId, "dave");

        server.AdvanceTime(TimeSpan.FromMinutes(11));

        await Expect.Error("ExpiredCodeException", HttpStatusCode.BadRequest,
            () => Aws(server).Idp("ConfirmSignUp", new { ClientId, Username = "dave", ConfirmationCode = code }));
    }

    [Fact]
    public async Task A_reset_brings_back_the_seed_an_empty_outbox_and_the_real_time()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed });
        var aws = Aws(server);
        var created = await aws.Idp("CreateUserPool", new { PoolName = "extra" });
        await SignUp(server, "dave", "dave@example.com");
        await aws.Idp("AdminDeleteUser", new { UserPoolId = PoolId, Username = "alice" });
        server.AdvanceTime(TimeSpan.FromDays(2));

        await server.ResetAsync();

        Assert.Empty(server.Messages);
        Assert.Equal(TimeSpan.Zero, server.Clock.Offset);
        var pools = await aws.Idp("ListUserPools", new { MaxResults = 10 });
        Assert.Equal([PoolId], pools["UserPools"]!.AsArray().Select(p => p!["Id"].Str()));
        await Expect.Error("UserNotFoundException", HttpStatusCode.NotFound,
            () => aws.Idp("AdminGetUser", new { UserPoolId = PoolId, Username = "dave" }));
        await Expect.NotFound(() => aws.Idp("DescribeUserPool", new { UserPoolId = created["UserPool"]!["Id"].Str() }));
        await SignIn(server, "alice");
    }

    [Fact]
    public async Task A_reset_of_one_pool_leaves_the_others_and_the_clock()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed });
        var aws = Aws(server);
        var created = await aws.Idp("CreateUserPool", new { PoolName = "extra" });
        await SignUp(server, "dave", "dave@example.com");
        server.AdvanceTime(TimeSpan.FromHours(1));

        await server.ResetAsync(PoolId);

        Assert.Empty(server.Messages);
        Assert.Equal(TimeSpan.FromHours(1), server.Clock.Offset);
        await aws.Idp("DescribeUserPool", new { UserPoolId = created["UserPool"]!["Id"].Str() });
        await Expect.Error("UserNotFoundException", HttpStatusCode.NotFound,
            () => aws.Idp("AdminGetUser", new { UserPoolId = PoolId, Username = "dave" }));
    }

    [Fact]
    public async Task A_seed_file_gives_the_pools_clients_and_users_their_fixed_ids()
    {
        var folder = Directory.CreateTempSubdirectory("cognitolite-fixture-seed-");
        try
        {
            var seedFile = Path.Combine(folder.FullName, "seed.json");
            await File.WriteAllTextAsync(seedFile, Seed.Replace("\"fixture\"", "\"from-file\"", StringComparison.Ordinal));
            await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedFile = seedFile });

            var pool = await Aws(server).Idp("DescribeUserPool", new { UserPoolId = PoolId });
            Assert.Equal("from-file", pool["UserPool"]!["Name"].Str());
            var client = await Aws(server).Idp("DescribeUserPoolClient", new { UserPoolId = PoolId, ClientId });
            Assert.Equal("app", client["UserPoolClient"]!["ClientName"].Str());
            await SignIn(server, "alice");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_inline_seed_gives_the_pools_clients_and_users_their_fixed_ids()
    {
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = Seed });

        var pool = await Aws(server).Idp("DescribeUserPool", new { UserPoolId = PoolId });
        Assert.Equal("fixture", pool["UserPool"]!["Name"].Str());
        await SignIn(server, "alice");
    }

    [Fact]
    public async Task A_seed_file_and_an_inline_seed_together_are_refused()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedFile = "seed.json", SeedJson = Seed }));
        Assert.Equal("Give SeedFile or SeedJson, not both. (Parameter 'options')", refused.Message);
    }

    [Fact]
    public async Task A_seed_the_server_refuses_fails_the_start_with_the_server_s_reason()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { SeedJson = """{ "UserPools": [{ "PoolName": "no-id" }] }""" }));
        Assert.EndsWith("InvalidParameterException: Every seeded pool needs an Id such as us-east-1_Example01.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_region_option_names_new_pools_and_PostgreSQL_can_be_the_store()
    {
        var postgres = await PostgresServer.CreateDatabaseAsync(nameof(CognitoLiteServerTests));
        await using var server = await CognitoLiteServer.StartAsync(new CognitoLiteServerOptions { Region = "eu-west-1", PostgresConnectionString = postgres });
        Assert.Equal("eu-west-1", server.Region);

        var created = await Aws(server).Idp("CreateUserPool", new { PoolName = "on-postgres", AutoVerifiedAttributes = new[] { "email" } });
        var poolId = created["UserPool"]!["Id"].Str();
        Assert.StartsWith("eu-west-1_", poolId, StringComparison.Ordinal);
        var client = await Aws(server).Idp("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "app" });
        await Aws(server).Idp("SignUp", new
        {
            ClientId = client["UserPoolClient"]!["ClientId"].Str(), Username = "dave", Password = IdpFlows.Password,
            UserAttributes = new[] { new { Name = "email", Value = "dave@example.com" } },
        });

        Assert.Equal(server.Messages.Single().Code, await server.GetLastCodeAsync(poolId, "dave"));
        Assert.Equal(1, await StoredRowCount(postgres, "SELECT count(*) FROM \"Outbox\""));
    }

    private static async Task<long> StoredRowCount(string postgres, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static AwsClient Aws(CognitoLiteServer server) => new(new HttpClient { BaseAddress = server.Endpoint });

    internal static Task SignUp(CognitoLiteServer server, string username, string email) => Aws(server).Idp("SignUp", new
    {
        ClientId, Username = username, Password = IdpFlows.Password,
        UserAttributes = new[] { new { Name = "email", Value = email } },
    });

    internal static async Task SignIn(CognitoLiteServer server, string username)
    {
        var signedIn = await Aws(server).Idp("InitiateAuth", new
        {
            ClientId, AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = IdpFlows.Password },
        });
        Assert.NotNull(signedIn["AuthenticationResult"]!["IdToken"]);
    }

    private static Dictionary<string, string?> LogTo(string path) => new()
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
        ["Serilog:Using:0"] = "Serilog.Sinks.File",
        ["Serilog:WriteTo:0:Name"] = "File",
        ["Serilog:WriteTo:0:Args:path"] = path,
    };

    /// <summary>A log file the server still writes.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
