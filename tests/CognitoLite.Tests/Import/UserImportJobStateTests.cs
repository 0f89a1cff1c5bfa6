using System.Net;
using System.Xml.Linq;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Import;

/// <summary>A host that runs no import jobs (CognitoLite:Import:RunJobs false) on a manual clock: started jobs stay Pending.</summary>
public sealed class HeldJobsHost<TStore> : ManualClockHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["CognitoLite:Import:RunJobs"] = "false" };
}

public sealed class UserImportJobStateTestsOnPostgres(HeldJobsHost<OnPostgres> fixture)
    : UserImportJobStateContract(fixture, fixture.Clock), IClassFixture<HeldJobsHost<OnPostgres>>;

public sealed class UserImportJobStateTestsOnSqlite(HeldJobsHost<OnSqlite> fixture)
    : UserImportJobStateContract(fixture, fixture.Clock), IClassFixture<HeldJobsHost<OnSqlite>>;

/// <summary>What happens to jobs between their start and a runner: stopping, the pool held still, expiry.</summary>
public abstract class UserImportJobStateContract(HostFixture fixture, ManualClock clock)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    private static Task<AwsErrorException> ImportInProgress(Func<Task> call) => Expect.Error("UserImportInProgressException", HttpStatusCode.BadRequest, call);

    [Fact]
    public async Task A_Pending_job_stops_at_once()
    {
        var client = await _idp.ImportPoolAndClient();
        var jobId = (await Aws.CreateJob(client.PoolId))["JobId"].Str();
        await Aws.Start(client.PoolId, jobId);
        Assert.Equal("Pending", (await Aws.Describe(client.PoolId, jobId))["Status"].Str());

        var stopped = (await Aws.Idp("StopUserImportJob", new { UserPoolId = client.PoolId, JobId = jobId }))["UserImportJob"]!;

        Expect.Contains("""{ "Status": "Stopped", "CompletionMessage": "The Import Job was stopped by the developer.", "ImportedUsers": 0 }""", stopped);
        Expect.IsEpochSeconds(stopped["CompletionDate"]);
        Assert.Equal(stopped.ToJsonString(), (await Aws.Describe(client.PoolId, jobId)).ToJsonString());
        await Expect.Error("PreconditionNotMetException", HttpStatusCode.BadRequest, () => Aws.Start(client.PoolId, jobId));
    }

    [Fact]
    public async Task A_started_job_holds_its_pools_settings_schema_and_existence_until_it_ends()
    {
        var client = await _idp.ImportPoolAndClient();
        var jobId = (await Aws.CreateJob(client.PoolId))["JobId"].Str();
        await Aws.Start(client.PoolId, jobId);

        await ImportInProgress(() => Aws.Idp("UpdateUserPool", new { UserPoolId = client.PoolId, AutoVerifiedAttributes = new[] { "email" } }));
        await ImportInProgress(() => Aws.Idp("AddCustomAttributes",
            new { UserPoolId = client.PoolId, CustomAttributes = new[] { new { Name = "tier", AttributeDataType = "String" } } }));
        await ImportInProgress(() => Aws.Idp("DeleteUserPool", new { UserPoolId = client.PoolId }));

        await Aws.Idp("StopUserImportJob", new { UserPoolId = client.PoolId, JobId = jobId });
        await Aws.Idp("UpdateUserPool", new { UserPoolId = client.PoolId, AutoVerifiedAttributes = new[] { "email" } });
        await Aws.Idp("DeleteUserPool", new { UserPoolId = client.PoolId });
    }

    [Fact]
    public async Task A_job_not_started_within_a_day_expires()
    {
        var client = await _idp.ImportPoolAndClient();
        var jobId = (await Aws.CreateJob(client.PoolId))["JobId"].Str();

        clock.Advance(TimeSpan.FromHours(24));

        var expired = await Aws.Describe(client.PoolId, jobId);
        Expect.Contains("""{ "Status": "Expired", "CompletionMessage": "The user import job has expired." }""", expired);
        Assert.NotNull(expired["CompletionDate"]);
        await Expect.Error("PreconditionNotMetException", HttpStatusCode.BadRequest, () => Aws.Start(client.PoolId, jobId));
    }

    [Fact]
    public async Task The_upload_URL_works_for_15_minutes()
    {
        var client = await _idp.ImportPoolAndClient();
        var url = (await Aws.CreateJob(client.PoolId))["PreSignedUrl"].Str();
        var csv = ImportFlows.Csv(await Aws.Header(client.PoolId), ImportFlows.User("rex"));

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await Aws.Upload(url, csv)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        var refused = await Aws.Upload(url, csv);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = XElement.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(("AccessDenied", "Request has expired"), (error.Element("Code")?.Value, error.Element("Message")?.Value));
    }
}
