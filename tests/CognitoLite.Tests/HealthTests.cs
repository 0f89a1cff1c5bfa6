using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests;

public sealed class HealthTestsOnPostgres(PostgresHost fixture) : HealthContract(fixture), IClassFixture<PostgresHost>;

public sealed class HealthTestsOnSqlite(SqliteHost fixture) : HealthContract(fixture), IClassFixture<SqliteHost>;

public abstract class HealthContract(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.CreateClient();

    [Theory]
    [InlineData("/health/live", "live")]
    [InlineData("/health/ready", "ready")]
    public async Task Health_endpoint_answers_200_with_a_request_id(string path, string status)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _));
    }
}
