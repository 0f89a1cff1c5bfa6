using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace CognitoLite.Tests.Import;

/// <summary>A host that runs import jobs, keeps its log, and takes CSV files of up to 64 KiB.</summary>
public sealed class ImportHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public const int MaxCsvBytes = 64 * 1024;

    public LogCapture Logs { get; } = new();

    public override Store Store => TStore.Store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Import:MaxCsvBytes"] = MaxCsvBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureServices(IServiceCollection services) => Logs.AddTo(services);
}

public sealed class UserImportTestsOnPostgres(ImportHost<OnPostgres> fixture) : UserImportContract(fixture, fixture.Logs), IClassFixture<ImportHost<OnPostgres>>;

public sealed class UserImportTestsOnSqlite(ImportHost<OnSqlite> fixture) : UserImportContract(fixture, fixture.Logs), IClassFixture<ImportHost<OnSqlite>>;

/// <summary>GetCSVHeader and the user import jobs, from the header to users who reset their password.</summary>
public abstract partial class UserImportContract(HostFixture fixture, LogCapture logs)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    private static readonly string[] StandardColumns =
    [
        "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email",
        "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at",
    ];

    [Fact]
    public async Task GetCSVHeader_lists_the_standard_attributes_then_the_custom_ones_then_cognitos_columns()
    {
        var client = await _idp.ImportPoolAndClient();

        var header = await Aws.Idp("GetCSVHeader", new { UserPoolId = client.PoolId });

        Assert.Equal(client.PoolId, header["UserPoolId"].Str());
        Assert.Equal([.. StandardColumns, "custom:plan", "cognito:mfa_enabled", "cognito:username"], header["CSVHeader"].Strings());
        await Expect.NotFound(() => Aws.Idp("GetCSVHeader", new { UserPoolId = "us-east-1_NoSuchPool" }));
    }

    [Fact]
    public async Task A_CSV_put_to_the_PreSignedUrl_imports_its_users_RESET_REQUIRED_and_they_reset_their_password()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = await Aws.Header(client.PoolId);

        var created = await Aws.CreateJob(client.PoolId, "first import");
        var jobId = created["JobId"].Str();
        Assert.Matches("^import-[0-9a-zA-Z]{10}$", jobId);
        Expect.Contains($$"""
            { "JobName": "first import", "UserPoolId": "{{client.PoolId}}", "Status": "Created", "CloudWatchLogsRoleArn": "{{ImportFlows.RoleArn}}",
              "ImportedUsers": 0, "SkippedUsers": 0, "FailedUsers": 0 }
            """, created);
        Expect.IsEpochSeconds(created["CreationDate"]);
        Assert.Null(created["StartDate"]);
        var url = created["PreSignedUrl"].Str();
        Assert.StartsWith($"http://localhost/_import/{client.PoolId}/{jobId}?Expires=", url);

        var csv = ImportFlows.Csv(header,
            ImportFlows.User("jane", ("name", "Doe\\, Jane"), ("birthdate", "02/01/1985"), ("custom:plan", "gold"), ("updated_at", "1471453471")),
            ImportFlows.User(" john ", ("email", "john@example.com"), ("given_name", " John "), ("phone_number", "+12345550100"), ("phone_number_verified", "true")),
            ImportFlows.User("jim", ("email_verified", "True")));
        var uploaded = await Aws.Upload(url, csv);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of the object.
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(csv)))}\"", uploaded.Headers.ETag!.Tag);
#pragma warning restore CA5351

        var started = await Aws.Start(client.PoolId, jobId);
        Assert.Equal("Pending", started["Status"].Str());
        Expect.IsEpochSeconds(started["StartDate"]);

        var ended = await Aws.WhenEnded(client.PoolId, jobId);
        Expect.Contains("""
            { "Status": "Succeeded", "ImportedUsers": 3, "SkippedUsers": 0, "FailedUsers": 0, "CompletionMessage": "Import Job Completed Successfully." }
            """, ended);
        Expect.IsEpochSeconds(ended["CompletionDate"]);
        Assert.Equal(ended.ToJsonString(), (await Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId, MaxResults = 1 }))["UserImportJobs"]![0]!.ToJsonString());

        var jane = await _idp.AdminGetUser(client.PoolId, "jane");
        Assert.Equal("RESET_REQUIRED", jane["UserStatus"].Str());
        var attributes = UserAdmin.ToMap(jane["UserAttributes"]);
        Assert.Equal("Doe, Jane", attributes["name"]);
        Assert.Equal("1985-02-01", attributes["birthdate"]);
        Assert.Equal("gold", attributes["custom:plan"]);
        Assert.Equal("1471453471", attributes["updated_at"]);
        Assert.Equal("true", attributes["email_verified"]);
        Assert.True(Guid.TryParse(attributes["sub"], out _));
        var john = UserAdmin.ToMap((await _idp.AdminGetUser(client.PoolId, "john"))["UserAttributes"]);
        Assert.Equal(("John", "+12345550100", "true"), (john["given_name"], john["phone_number"], john["phone_number_verified"]));

        // Imported users have no password: sign-in says to reset it, or hides that the user exists when the client says so.
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "jim"), "Incorrect username or password.");
        var legacy = await _idp.CreateClient(client.PoolId, """{ "PreventUserExistenceErrors": "LEGACY" }""");
        await IdpFlows.Refused("PasswordResetRequiredException", () => _idp.PasswordAuth(legacy, "jim"), "Password reset required for the user");
        var srp = await _idp.CreateClient(client.PoolId, """{ "PreventUserExistenceErrors": "LEGACY", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"] }""");
        await IdpFlows.Refused("PasswordResetRequiredException",
            () => _idp.InitiateAuth(srp, "USER_SRP_AUTH", new() { ["USERNAME"] = "jim", ["SRP_A"] = new SrpClient().SrpA }));
        // With SRP too: a verifier, as an unknown user is shown, and its proof refused as a wrong password.
        var hiddenSrp = await _idp.CreateClient(client.PoolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"] }""");
        var srpClient = new SrpClient();
        var verifier = await _idp.InitiateAuth(hiddenSrp, "USER_SRP_AUTH", new() { ["USERNAME"] = "jim", ["SRP_A"] = srpClient.SrpA });
        Assert.Equal("PASSWORD_VERIFIER", verifier["ChallengeName"].Str());
        await IdpFlows.Refused("NotAuthorizedException", () => Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = hiddenSrp.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srpClient.Answer(client.PoolId, verifier["ChallengeParameters"]!, IdpFlows.Password, DateTimeOffset.UtcNow),
        }), "Incorrect username or password.");
        var forgot = await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "jim" });
        Assert.Equal("EMAIL", forgot["CodeDeliveryDetails"]!["DeliveryMedium"].Str());
        var code = (await _idp.LatestMessage(client.PoolId, "jim", "ForgotPassword"))["code"].Str();
        await Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "jim", ConfirmationCode = code, Password = UserAdmin.NewPassword });
        await _idp.SignIn(client, "jim", UserAdmin.NewPassword);
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "jim"));
    }

    [Fact]
    public async Task Rows_that_cannot_be_imported_are_counted_and_logged_by_line_number_without_their_values()
    {
        var client = await _idp.ImportPoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "bob", messageAction: "SUPPRESS");
        var header = await Aws.Header(client.PoolId);
        string[] lines =
        [
            string.Join(',', header),
            ImportFlows.Line(header, ImportFlows.User("ann")),
            ImportFlows.Line(header, ImportFlows.User("bob")),
            ImportFlows.Line(header, ImportFlows.User("carl", ("email_verified", "FALSE"))),
            ImportFlows.Line(header, ImportFlows.User("dan smith")),
            ImportFlows.Line(header, ImportFlows.User("eve", ("cognito:mfa_enabled", "maybe"))),
            "hal,secret-hal-value",
            ImportFlows.Line(header, ImportFlows.User("ann")),
            ImportFlows.Line(header, ImportFlows.User("fay", ("email", "not-an-email"))),
            ImportFlows.Line(header, ImportFlows.User("gus", ("birthdate", "31/31/1999"))),
        ];

        var ended = await Aws.Import(client.PoolId, string.Join('\n', lines) + "\n");

        Expect.Contains("""{ "Status": "Succeeded", "ImportedUsers": 1, "SkippedUsers": 2, "FailedUsers": 6 }""", ended);
        Assert.Equal("RESET_REQUIRED", await _idp.Status(client.PoolId, "ann"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "bob"));
        var jobId = ended["JobId"].Str();
        var refused = logs.Events.Where(e => e.Level == LogEventLevel.Warning && e.Properties.TryGetValue("JobId", out var id) && id.ToString() == $"\"{jobId}\"")
            .Select(e => (Line: e.Properties["LineNumber"].ToString(), Outcome: e.Properties["Outcome"].ToString().Trim('"'), Text: e.RenderMessage()))
            .OrderBy(e => int.Parse(e.Line, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(
            [("3", "SKIPPED"), ("4", "FAILED"), ("5", "FAILED"), ("6", "FAILED"), ("7", "FAILED"), ("8", "SKIPPED"), ("9", "FAILED"), ("10", "FAILED")],
            refused.Select(e => (e.Line, e.Outcome)));
        foreach (var value in new[] { "carl@example.com", "dan smith", "maybe", "secret-hal-value", "not-an-email", "31/31/1999" })
            Assert.DoesNotContain(refused, e => e.Text.Contains(value, StringComparison.Ordinal));
        Assert.Contains("email_verified", refused.Single(e => e.Line == "4").Text, StringComparison.Ordinal);
        Assert.Contains("The user already exists.", refused.Single(e => e.Line == "8").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_every_row_is_refused_fails_the_job()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = await Aws.Header(client.PoolId);

        var ended = await Aws.Import(client.PoolId, ImportFlows.Csv(header, ImportFlows.User("ivy", ("email_verified", "false"))));

        Expect.Contains("""
            { "Status": "Failed", "ImportedUsers": 0, "SkippedUsers": 0, "FailedUsers": 1,
              "CompletionMessage": "Too many users have failed or been skipped during the import." }
            """, ended);
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "ivy"));
    }

    [Theory]
    [InlineData("cognito:username,email,email_verified\nkim,kim@example.com,TRUE\n", "The CSV header lacks the columns ")]
    [InlineData("", "The CSV file is empty.")]
    public async Task A_file_without_the_pools_header_fails_the_job(string csv, string message)
    {
        var client = await _idp.ImportPoolAndClient();

        var ended = await Aws.Import(client.PoolId, csv);

        Assert.Equal("Failed", ended["Status"].Str());
        Assert.StartsWith(message, ended["CompletionMessage"].Str());
        Assert.Equal(0, ended["ImportedUsers"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_header_in_another_order_with_the_pools_columns_imports()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = (await Aws.Header(client.PoolId)).AsEnumerable().Reverse().ToList();

        var ended = await Aws.Import(client.PoolId, ImportFlows.Csv(header, ImportFlows.User("leo")));

        Assert.Equal(("Succeeded", 1L), (ended["Status"].Str(), ended["ImportedUsers"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_job_started_without_a_CSV_fails()
    {
        var client = await _idp.ImportPoolAndClient();
        var jobId = (await Aws.CreateJob(client.PoolId))["JobId"].Str();

        await Aws.Start(client.PoolId, jobId);
        var ended = await Aws.WhenEnded(client.PoolId, jobId);

        Expect.Contains("""{ "Status": "Failed", "CompletionMessage": "No CSV file was uploaded to the import job's PreSignedUrl." }""", ended);
    }

    [Fact]
    public async Task The_upload_URL_refuses_a_wrong_signature_a_missing_encryption_header_a_large_file_and_a_started_job_as_S3_does()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = await Aws.Header(client.PoolId);
        var job = await Aws.CreateJob(client.PoolId);
        var jobId = job["JobId"].Str();
        var url = job["PreSignedUrl"].Str();
        var csv = ImportFlows.Csv(header, ImportFlows.User("mia"));
        var other = (await Aws.CreateJob(client.PoolId))["PreSignedUrl"].Str();

        await S3Error(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", await Aws.Upload(Signature().Replace(url, "Signature=0000"), csv));
        await S3Error(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", await Aws.Upload(url.Replace(jobId, other.Split('/')[5].Split('?')[0]), csv));
        await S3Error(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", await Aws.Upload(url, csv, encryptionHeader: false));
        await S3Error(HttpStatusCode.BadRequest, "EntityTooLarge", await Aws.Upload(url, csv + new string('#', ImportHost<OnSqlite>.MaxCsvBytes)));

        Assert.Equal(HttpStatusCode.OK, (await Aws.Upload(url, csv)).StatusCode);
        await Aws.Start(client.PoolId, jobId);
        await S3Error(HttpStatusCode.Forbidden, "AccessDenied", await Aws.Upload(url, csv));
        Assert.Equal(("Succeeded", 1L), await Outcome(client.PoolId, jobId));
    }

    [Fact]
    public async Task A_second_upload_replaces_the_first()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = await Aws.Header(client.PoolId);
        var job = await Aws.CreateJob(client.PoolId);

        await Aws.Upload(job["PreSignedUrl"].Str(), ImportFlows.Csv(header, ImportFlows.User("ned"), ImportFlows.User("ola")));
        await Aws.Upload(job["PreSignedUrl"].Str(), ImportFlows.Csv(header, ImportFlows.User("pam")));
        await Aws.Start(client.PoolId, job["JobId"].Str());

        Assert.Equal(("Succeeded", 1L), await Outcome(client.PoolId, job["JobId"].Str()));
        Assert.Equal("RESET_REQUIRED", await _idp.Status(client.PoolId, "pam"));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "ned"));
    }

    [Fact]
    public async Task Jobs_are_started_and_stopped_only_from_the_statuses_that_allow_it()
    {
        var client = await _idp.ImportPoolAndClient();
        var header = await Aws.Header(client.PoolId);
        var jobId = (await Aws.CreateJob(client.PoolId))["JobId"].Str();
        await Aws.Upload((await Aws.Describe(client.PoolId, jobId))["PreSignedUrl"].Str(), ImportFlows.Csv(header, ImportFlows.User("quin")));

        await PreconditionNotMet(() => Aws.Idp("StopUserImportJob", new { UserPoolId = client.PoolId, JobId = jobId }));
        await Aws.Start(client.PoolId, jobId);
        await PreconditionNotMet(() => Aws.Start(client.PoolId, jobId));
        await Aws.WhenEnded(client.PoolId, jobId);
        await PreconditionNotMet(() => Aws.Idp("StopUserImportJob", new { UserPoolId = client.PoolId, JobId = jobId }));
        await PreconditionNotMet(() => Aws.Start(client.PoolId, jobId));

        await Expect.NotFound(() => Aws.Describe(client.PoolId, "import-NoSuchJob1"));
        var otherPool = (await _idp.ImportPoolAndClient()).PoolId;
        await Expect.NotFound(() => Aws.Describe(otherPool, jobId));
        await Expect.InvalidParameter(() => Aws.Describe(client.PoolId, "job-1"));
        await Expect.InvalidParameter(() => Aws.Idp("CreateUserImportJob", new { UserPoolId = client.PoolId, JobName = "x", CloudWatchLogsRoleArn = "not-an-arn" }));
        await Expect.InvalidParameter(() => Aws.Idp("CreateUserImportJob", new { UserPoolId = client.PoolId, JobName = "bad/name", CloudWatchLogsRoleArn = ImportFlows.RoleArn }));
        var hashes = await Expect.InvalidParameter(() => Aws.Idp("CreateUserImportJob",
            new { UserPoolId = client.PoolId, JobName = "x", CloudWatchLogsRoleArn = ImportFlows.RoleArn, PasswordHashingAlgorithm = "BCRYPT" }));
        Assert.Equal("PasswordHashingAlgorithm is not supported yet by CognitoLite.", hashes.AwsMessage);
    }

    [Fact]
    public async Task A_pool_without_an_auto_verified_attribute_cannot_start_a_job()
    {
        var poolId = await _idp.CreatePool();
        var jobId = (await Aws.CreateJob(poolId))["JobId"].Str();

        var refused = await PreconditionNotMet(() => Aws.Start(poolId, jobId));

        Assert.Contains("auto-verified", refused.AwsMessage, StringComparison.Ordinal);
        Assert.Equal("Created", (await Aws.Describe(poolId, jobId))["Status"].Str());
    }

    [Fact]
    public async Task ListUserImportJobs_pages_newest_first()
    {
        var client = await _idp.ImportPoolAndClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await Aws.CreateJob(client.PoolId, $"job {i}"))["JobId"].Str());

        var first = await Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId, MaxResults = 2 });
        var second = await Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId, MaxResults = 2, PaginationToken = first["PaginationToken"].Str() });

        Assert.Equal([ids[2], ids[1]], first["UserImportJobs"]!.AsArray().Select(j => j!["JobId"].Str()));
        Assert.Equal([ids[0]], second["UserImportJobs"]!.AsArray().Select(j => j!["JobId"].Str()));
        Assert.Null(second["PaginationToken"]);
        Assert.Equal("job 0", second["UserImportJobs"]![0]!["JobName"].Str());
        await Expect.InvalidParameter(() => Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId, MaxResults = 2, PaginationToken = "garbage" }));
        await Expect.InvalidParameter(() => Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId, MaxResults = 61 }));
        await Expect.InvalidParameter(() => Aws.Idp("ListUserImportJobs", new { UserPoolId = client.PoolId }));
    }

    private async Task<(string Status, long Imported)> Outcome(string poolId, string jobId)
    {
        var ended = await Aws.WhenEnded(poolId, jobId);
        return (ended["Status"].Str(), ended["ImportedUsers"]!.GetValue<long>());
    }

    private static Task<AwsErrorException> PreconditionNotMet(Func<Task> call) => Expect.Error("PreconditionNotMetException", HttpStatusCode.BadRequest, call);

    /// <summary>The answer is S3's XML error with this status and code.</summary>
    private static async Task S3Error(HttpStatusCode status, string code, HttpResponseMessage response)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, error.Element("Code")?.Value);
        Assert.False(string.IsNullOrEmpty(error.Element("Message")?.Value));
    }

    [GeneratedRegex("Signature=[0-9a-f]+")]
    private static partial Regex Signature();
}
