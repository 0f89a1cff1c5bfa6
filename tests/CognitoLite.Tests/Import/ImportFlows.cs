using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using Xunit.Sdk;

namespace CognitoLite.Tests.Import;

/// <summary>The steps of a user import, as a migration script takes them: header, job, upload by PUT, start, wait.</summary>
public static class ImportFlows
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/CognitoImportRole";

    public static readonly string[] Ended = ["Succeeded", "Failed", "Stopped", "Expired"];

    /// <summary>A pool whose users can reset their password by email (the import's precondition), with one custom attribute.</summary>
    public static Task<TestClient> ImportPoolAndClient(this IdpFlows idp, string? poolSettingsJson = null) =>
        idp.CreatePoolAndClient(poolSettingsJson ?? """
            { "AutoVerifiedAttributes": ["email"],
              "Schema": [{ "Name": "plan", "AttributeDataType": "String", "Mutable": true }] }
            """);

    public static async Task<List<string>> Header(this AwsClient aws, string poolId) =>
        (await aws.Idp("GetCSVHeader", new { UserPoolId = poolId }))["CSVHeader"].Strings();

    /// <summary>A CSV with the header given and a line per row.</summary>
    public static string Csv(IReadOnlyList<string> header, params Dictionary<string, string>[] rows) =>
        string.Join('\n', [string.Join(',', header), .. rows.Select(row => Line(header, row))]) + "\n";

    /// <summary>One data line: each column's value taken from the row (empty when it has none).</summary>
    public static string Line(IReadOnlyList<string> header, Dictionary<string, string> row) =>
        string.Join(',', header.Select(column => row.GetValueOrDefault(column, "")));

    /// <summary>A user the import accepts in a pool whose auto-verified attribute is email.</summary>
    public static Dictionary<string, string> User(string username, params (string Column, string Value)[] more)
    {
        var row = new Dictionary<string, string>
        {
            ["cognito:username"] = username,
            ["cognito:mfa_enabled"] = "FALSE",
            ["email"] = username + "@example.com",
            ["email_verified"] = "TRUE",
        };
        foreach (var (column, value) in more) row[column] = value;
        return row;
    }

    public static async Task<JsonNode> CreateJob(this AwsClient aws, string poolId, string name = "import") =>
        (await aws.Idp("CreateUserImportJob", new { UserPoolId = poolId, JobName = name, CloudWatchLogsRoleArn = RoleArn }))["UserImportJob"]!;

    /// <summary>PUT to the PreSignedUrl, as curl -T does with the header AWS's URL is signed for.</summary>
    public static async Task<HttpResponseMessage> Upload(this AwsClient aws, string url, string csv, bool encryptionHeader = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (encryptionHeader) request.Headers.Add("x-amz-server-side-encryption", "aws:kms");
        return await aws.Http.SendAsync(request);
    }

    public static async Task<JsonNode> Start(this AwsClient aws, string poolId, string jobId) =>
        (await aws.Idp("StartUserImportJob", new { UserPoolId = poolId, JobId = jobId }))["UserImportJob"]!;

    public static async Task<JsonNode> Describe(this AwsClient aws, string poolId, string jobId) =>
        (await aws.Idp("DescribeUserImportJob", new { UserPoolId = poolId, JobId = jobId }))["UserImportJob"]!;

    /// <summary>DescribeUserImportJob until the job has ended, yielding between calls (a bounded loop, no timing asserted).</summary>
    public static async Task<JsonNode> WhenEnded(this AwsClient aws, string poolId, string jobId)
    {
        for (var attempt = 0; attempt < 12_000; attempt++)
        {
            var job = await aws.Describe(poolId, jobId);
            if (Ended.Contains(job["Status"].Str())) return job;
            await Task.Delay(5);
        }
        throw new XunitException($"Import job {jobId} did not end.");
    }

    /// <summary>Create, upload, start and wait: the job as it ended.</summary>
    public static async Task<JsonNode> Import(this AwsClient aws, string poolId, string csv)
    {
        var job = await aws.CreateJob(poolId);
        var uploaded = await aws.Upload(job["PreSignedUrl"].Str(), csv);
        Assert.Equal(System.Net.HttpStatusCode.OK, uploaded.StatusCode);
        await aws.Start(poolId, job["JobId"].Str());
        return await aws.WhenEnded(poolId, job["JobId"].Str());
    }
}
