using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CognitoLite.Tests.Infrastructure;
using Npgsql;

namespace CognitoLite.Tests.Startup;

/// <summary>
/// Every start-up failure of the real server process: exit code 1 and one line on standard error,
/// `CognitoLite cannot start: …` naming the setting to change, and no stack trace anywhere.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-startup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string DataDir => Path.Combine(_folder, "data");

    public static TheoryData<string> Failures() =>
    [
        "non-numeric setting", "short key", "unwritable data folder", "port in use", "unreachable PostgreSQL",
        "unknown PostgreSQL user", "invalid seed file", "missing certificate", "invalid Lambda webhook",
    ];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_start_up_failure_is_one_line_naming_the_setting_and_exit_code_1(string failure)
    {
        using var port = new TcpListener(IPAddress.Loopback, 0);
        string[] args;
        string[] expected;
        switch (failure)
        {
            case "non-numeric setting":
                (args, expected) = (["--CognitoLite:PasswordHashCost", "abc"], ["'CognitoLite:PasswordHashCost'"]);
                break;
            case "short key":
                (args, expected) = (["--CognitoLite:EncryptionKey", Convert.ToBase64String(new byte[16])], ["CognitoLite:EncryptionKey must be base64 of 32 bytes"]);
                break;
            case "unwritable data folder":
                var file = Path.Combine(_folder, "a-file");
                await File.WriteAllTextAsync(file, "not a folder");
                (args, expected) = (["--data-dir", Path.Combine(file, "data")], ["CognitoLite:DataDir"]);
                break;
            case "port in use":
                port.Start();
                (args, expected) = (["--urls", $"http://127.0.0.1:{((IPEndPoint)port.LocalEndpoint).Port}"], ["address already in use. Stop what listens there or choose another address with --urls"]);
                break;
            case "unreachable PostgreSQL":
                (args, expected) = (["--postgres", $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Database=x;Username=x;Password=x"], ["PostgreSQL: Failed to connect to 127.0.0.1:", "Check ConnectionStrings:Postgres (--postgres)"]);
                break;
            case "unknown PostgreSQL user":
                var database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync(nameof(StartupFailureTests))) { Username = "nobody_here" };
                (args, expected) = (["--postgres", database.ConnectionString], ["PostgreSQL: 28", "\"nobody_here\"", "Check ConnectionStrings:Postgres (--postgres)"]);
                break;
            case "invalid seed file":
                var seed = Path.Combine(_folder, "seed.json");
                await File.WriteAllTextAsync(seed, """{ "UserPools": [ { "Id": "us-east-1_Example09", "PoolName": "p", "Users": [ { "Username": "bob", "PasswordHash": "$2a$10$..." } ] } ] }""");
                (args, expected) = (["--seed", seed], ["pool us-east-1_Example09: InvalidParameterException: User bob: PasswordHash must be a bcrypt hash"]);
                break;
            case "missing certificate":
                (args, expected) = (["--urls", $"https://127.0.0.1:{ServerProcess.FreePort()}", "--Kestrel:Certificates:Default:Path", Path.Combine(_folder, "missing.pem"),
                    "--Kestrel:Certificates:Default:KeyPath", Path.Combine(_folder, "missing.key")], ["the HTTPS certificate cannot be loaded", "missing.pem", "Kestrel:Certificates:Default:Path"]);
                break;
            case "invalid Lambda webhook":
                const string arn = "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up";
                (args, expected) = ([$"--CognitoLite:Lambda:Functions:{arn}", "localhost:4000"], [$"CognitoLite:Lambda:Functions:{arn}: 'localhost:4000' is not an absolute http(s) URL."]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure));
        }

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExit(_folder, ["--data-dir", DataDir, .. args]);

        AssertFailure(exitCode, stdout, stderr, expected);
    }

    [Fact]
    public async Task A_second_instance_with_another_master_key_on_the_same_database_refuses_to_start()
    {
        var database = await PostgresServer.CreateDatabaseAsync(nameof(StartupFailureTests));
        using (var first = new CognitoHost(database, new Dictionary<string, string?> { ["CognitoLite:EncryptionKey"] = NewKey() }))
        {
            Assert.NotNull((await first.Aws().Idp("CreateUserPool", new { PoolName = "keyed" }))["UserPool"]);
        }

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExit(_folder, "--data-dir", DataDir, "--postgres", database, "--CognitoLite:EncryptionKey", NewKey());

        AssertFailure(exitCode, stdout, stderr, "encrypted with another master key. Every instance on one database needs the same key: set CognitoLite:EncryptionKey");
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static void AssertFailure(int exitCode, string stdout, string stderr, params string[] expected)
    {
        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CognitoLite cannot start: ", line, StringComparison.Ordinal);
        foreach (var part in expected) Assert.Contains(part, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }
}
