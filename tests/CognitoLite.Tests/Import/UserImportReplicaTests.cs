using System.Security.Cryptography;
using CognitoLite.Tests.Infrastructure;
using Npgsql;

namespace CognitoLite.Tests.Import;

/// <summary>
/// Import jobs on several replicas of one PostgreSQL database: a job runs once, wherever it was started or uploaded, a
/// job being stopped stops, and a job whose runner died resumes after its last committed batch.
/// </summary>
public sealed class UserImportReplicaTests : IAsyncLifetime
{
    private string _database = null!;
    private readonly List<CognitoHost> _hosts = [];

    public async Task InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync(nameof(UserImportReplicaTests));

    public Task DisposeAsync()
    {
        foreach (var host in _hosts) host.Dispose();
        return Task.CompletedTask;
    }

    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A replica on the test's database (the same master key as the others), looking for started jobs every 50 ms.</summary>
    private IdpFlows Replica(bool runJobs = true)
    {
        var host = new CognitoHost(_database, new Dictionary<string, string?>
        {
            ["CognitoLite:EncryptionKey"] = Key,
            ["CognitoLite:Import:RunJobs"] = runJobs ? "true" : "false",
            ["CognitoLite:Import:PollInterval"] = "00:00:00.050",
        });
        _ = host.Server;
        _hosts.Add(host);
        return new IdpFlows(host);
    }

    private static string Users(List<string> header, int count, string prefix) =>
        ImportFlows.Csv(header, [.. Enumerable.Range(0, count).Select(i => ImportFlows.User($"{prefix}{i:D5}"))]);

    [Fact]
    public async Task Two_runners_import_a_job_once()
    {
        var first = Replica();
        var second = Replica();
        var client = await first.ImportPoolAndClient();
        var job = await first.Aws.CreateJob(client.PoolId);
        var csv = Users(await first.Aws.Header(client.PoolId), 3 * 500 + 7, "u");

        // The URL one replica made takes the upload on another; the job starts on the first and either may run it.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await second.Aws.Upload(job["PreSignedUrl"].Str(), csv)).StatusCode);
        await first.Aws.Start(client.PoolId, job["JobId"].Str());
        var ended = await second.Aws.WhenEnded(client.PoolId, job["JobId"].Str());

        Expect.Contains("""{ "Status": "Succeeded", "ImportedUsers": 1507, "SkippedUsers": 0, "FailedUsers": 0 }""", ended);
        Assert.Equal(1507L, await first.Scalar("""SELECT COUNT(*) FROM "Users" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId)));
    }

    [Fact]
    public async Task A_job_started_on_a_replica_that_runs_none_runs_on_another()
    {
        var api = Replica(runJobs: false);
        Replica();
        var client = await api.ImportPoolAndClient();

        var ended = await api.Aws.Import(client.PoolId, Users(await api.Aws.Header(client.PoolId), 2, "w"));

        Expect.Contains("""{ "Status": "Succeeded", "ImportedUsers": 2 }""", ended);
    }

    [Fact]
    public async Task A_job_stopped_while_its_batch_waits_to_be_written_ends_Stopped_without_it()
    {
        var replica = Replica();
        var client = await replica.ImportPoolAndClient();
        var job = await replica.Aws.CreateJob(client.PoolId);
        var jobId = job["JobId"].Str();
        await replica.Aws.Upload(job["PreSignedUrl"].Str(), Users(await replica.Aws.Header(client.PoolId), 3, "s"));

        // Users can be read but not written until this transaction ends: the runner's first batch waits at its INSERT.
        await using var blocker = new NpgsqlConnection(replica.Host.PostgresConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockUsers = new NpgsqlCommand("""LOCK TABLE "Users" IN EXCLUSIVE MODE""", blocker, hold)) await lockUsers.ExecuteNonQueryAsync();
        await replica.Aws.Start(client.PoolId, jobId);
        for (var attempt = 0; attempt < 12_000 && (await replica.Aws.Describe(client.PoolId, jobId))["Status"].Str() != "InProgress"; attempt++)
            await Task.Delay(5);

        var stopping = (await replica.Aws.Idp("StopUserImportJob", new { UserPoolId = client.PoolId, JobId = jobId }))["UserImportJob"]!;
        Assert.Equal("Stopping", stopping["Status"].Str());
        await hold.CommitAsync();

        var ended = await replica.Aws.WhenEnded(client.PoolId, jobId);
        Expect.Contains("""{ "Status": "Stopped", "ImportedUsers": 0, "CompletionMessage": "The Import Job was stopped by the developer." }""", ended);
        Assert.Equal(0L, await replica.Scalar("""SELECT COUNT(*) FROM "Users" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId)));
    }

    [Fact]
    public async Task A_job_whose_runner_went_silent_resumes_after_its_last_committed_row()
    {
        var api = Replica(runJobs: false);
        var client = await api.ImportPoolAndClient();
        var job = await api.Aws.CreateJob(client.PoolId);
        var jobId = job["JobId"].Str();
        await api.Aws.Upload(job["PreSignedUrl"].Str(), Users(await api.Aws.Header(client.PoolId), 3, "r"));
        // As a runner that committed the first row and died two minutes ago would have left it.
        await using (var connection = new NpgsqlConnection(api.Host.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var died = new NpgsqlCommand("""
                UPDATE "UserImportJobs" SET "Status" = 'InProgress', "StartedAt" = @now, "Runner" = @runner, "HeartbeatAt" = @heartbeat,
                    "RowsRead" = 1, "ImportedUsers" = 1
                WHERE "JobId" = @job
                """, connection);
            died.Parameters.AddWithValue("now", DateTime.UtcNow);
            died.Parameters.AddWithValue("runner", Guid.NewGuid());
            died.Parameters.AddWithValue("heartbeat", DateTime.UtcNow - TimeSpan.FromMinutes(2));
            died.Parameters.AddWithValue("job", jobId);
            Assert.Equal(1, await died.ExecuteNonQueryAsync());
        }

        var runner = Replica();
        var ended = await runner.Aws.WhenEnded(client.PoolId, jobId);

        Expect.Contains("""{ "Status": "Succeeded", "ImportedUsers": 3 }""", ended);
        await IdpFlows.Refused("UserNotFoundException", () => runner.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "r00000" }));
        Assert.Equal("RESET_REQUIRED", (await runner.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "r00002" }))["UserStatus"].Str());
    }
}
