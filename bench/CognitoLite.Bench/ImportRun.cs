using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CognitoLite.Bench;

/// <summary>One user import measured: how fast the job imported and how much memory the server held meanwhile.</summary>
internal sealed record ImportStep(
    string Store, int Users, string Status, long Imported, long Skipped, long Failed, double CsvMegabytes, double UploadSeconds,
    double ImportSeconds, double UsersPerSecond, double RssBeforeMb, double PeakRssMb, double PeakAnonymousMb, double HighWaterMb, double ServerCpuSeconds);

/// <summary>
/// The import scenario: a pool whose users reset their password by email, a CSV of <c>users</c> rows written with
/// GetCSVHeader's columns, CreateUserImportJob, the CSV PUT to the job's PreSignedUrl, StartUserImportJob, and
/// DescribeUserImportJob every 100 ms until the job ends. Import time is the job's own (StartDate to CompletionDate);
/// the server's resident memory (all of it, and its anonymous part) is sampled every 50 ms from the upload to the end.
/// </summary>
internal static class ImportRun
{
    public static async Task<ImportStep> Run(ServerUnderTest server, string store, int users)
    {
        var client = server.Client;
        var pool = await client.Call("CreateUserPool", new JsonObject
        {
            ["PoolName"] = "bench-import",
            ["AutoVerifiedAttributes"] = new JsonArray("email"),
        });
        var poolId = (string)pool["UserPool"]!["Id"]!;
        var header = (await client.Call("GetCSVHeader", new JsonObject { ["UserPoolId"] = poolId }))["CSVHeader"]!.AsArray()
            .Select(c => (string)c!).ToList();
        var csv = Path.Combine(Path.GetTempPath(), $"cognitolite-bench-import-{Guid.NewGuid():N}.csv");
        try
        {
            await WriteCsv(csv, header, users);
            var job = (await client.Call("CreateUserImportJob", new JsonObject
            {
                ["UserPoolId"] = poolId,
                ["JobName"] = "bench",
                ["CloudWatchLogsRoleArn"] = "arn:aws:iam::000000000000:role/CognitoImport",
            }))["UserImportJob"]!;
            var jobId = (string)job["JobId"]!;
            var rssBefore = Memory(server.Pid, "VmRSS");
            using var sampling = new CancellationTokenSource();
            var peak = SamplePeak(server.Pid, "VmRSS", sampling.Token);
            var peakAnonymous = SamplePeak(server.Pid, "RssAnon", sampling.Token);
            var cpuBefore = server.CpuTime();

            var uploading = Stopwatch.StartNew();
            await Upload((string)job["PreSignedUrl"]!, csv);
            var uploadSeconds = uploading.Elapsed.TotalSeconds;
            await client.Call("StartUserImportJob", new JsonObject { ["UserPoolId"] = poolId, ["JobId"] = jobId });
            JsonNode ended;
            while (true)
            {
                ended = (await client.Call("DescribeUserImportJob", new JsonObject { ["UserPoolId"] = poolId, ["JobId"] = jobId }))["UserImportJob"]!;
                if ((string)ended["Status"]! is "Succeeded" or "Failed" or "Stopped" or "Expired") break;
                await Task.Delay(100);
            }
            var cpu = server.CpuTime() - cpuBefore;
            await sampling.CancelAsync();
            var peakRss = await peak;
            var peakAnonymousRss = await peakAnonymous;

            var imported = (long)ended["ImportedUsers"]!;
            var seconds = (double)ended["CompletionDate"]! - (double)ended["StartDate"]!;
            return new ImportStep(store, users, (string)ended["Status"]!, imported, (long)ended["SkippedUsers"]!, (long)ended["FailedUsers"]!,
                Math.Round(new FileInfo(csv).Length / 1e6, 1), Math.Round(uploadSeconds, 2), Math.Round(seconds, 2),
                Math.Round(seconds > 0 ? imported / seconds : 0), rssBefore, Math.Max(peakRss, rssBefore), peakAnonymousRss, Memory(server.Pid, "VmHWM"),
                Math.Round(cpu.TotalSeconds, 1));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>Rows as a migration writes them: username, a verified email, names, MFA off; every other column empty.</summary>
    private static async Task WriteCsv(string path, List<string> header, int users)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteAsync(string.Join(',', header) + "\n");
        var row = new string[header.Count];
        for (var i = 0; i < users; i++)
        {
            var name = "imported-" + i.ToString("D7", CultureInfo.InvariantCulture);
            for (var column = 0; column < header.Count; column++)
                row[column] = header[column] switch
                {
                    "cognito:username" => name,
                    "cognito:mfa_enabled" => "FALSE",
                    "email" => name + "@example.com",
                    "email_verified" => "TRUE",
                    "given_name" => "Given",
                    "family_name" => "Family " + i.ToString(CultureInfo.InvariantCulture),
                    _ => "",
                };
            await writer.WriteAsync(string.Join(',', row) + "\n");
        }
    }

    private static async Task Upload(string url, string csv)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        await using var file = File.OpenRead(csv);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Add("x-amz-server-side-encryption", "aws:kms");
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new CognitoError($"HTTP {(int)response.StatusCode}", await response.Content.ReadAsStringAsync());
    }

    private static async Task<double> SamplePeak(int pid, string field, CancellationToken stop)
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, Memory(pid, field));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return peak;
    }

    /// <summary>
    /// A memory figure of /proc/PID/status in MB: VmRSS, resident now; RssAnon, the part that is not a mapped file (the
    /// heaps; SQLite's database file is memory-mapped and counts in VmRSS only); VmHWM, the most ever resident.
    /// </summary>
    private static double Memory(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kilobytes = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return Math.Round(kilobytes / 1024.0, 1);
    }
}
