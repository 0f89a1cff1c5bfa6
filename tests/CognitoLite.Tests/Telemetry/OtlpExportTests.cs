using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Tests.Telemetry;

/// <summary>An OTLP/HTTP receiver in the test process, on a free loopback port: it keeps every body POSTed to it, by path.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._received.Enqueue((context.Request.Path, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await receiver._app.StartAsync();
        receiver.Address = new Uri(receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>The bodies received at this path (/v1/traces, /v1/metrics), protobuf-encoded.</summary>
    public List<byte[]> Received(string path) => _received.Where(r => r.Path == path).Select(r => r.Body).ToList();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT the server process exports its traces, in the caller's trace, and its metrics.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-otlp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Traces_and_metrics_go_to_the_OTLP_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var port = ServerProcess.FreePort();
        // As configuration keys on the command line: ServerProcess gives the server no environment of the test's choosing.
        await using var server = await ServerProcess.Start(_folder, "--urls", $"http://127.0.0.1:{port}", "--data-dir", Path.Combine(_folder, "data"),
            "--OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Address.ToString(), "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/") { Content = new StringContent("""{"PoolName":"traced"}""", Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService.CreateUserPool");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var http = new HttpClient();

        using var created = await http.SendAsync(request);
        // The providers export what they hold when the server stops.
        Assert.Equal(0, await server.StopAsync());

        created.EnsureSuccessStatusCode();
        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        Assert.Contains(receiver.Received("/v1/traces"), body =>
            Holds(body, traceIdBytes) && Holds(body, "CreateUserPool"u8) && Holds(body, "cognitolite.outcome"u8));
        Assert.Contains(receiver.Received("/v1/metrics"), body => Holds(body, "http.server.request.duration"u8));
    }

    private static bool Holds(byte[] body, ReadOnlySpan<byte> part) => body.AsSpan().IndexOf(part) >= 0;
}
