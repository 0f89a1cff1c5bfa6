using System.Data.Common;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>Assertions on AWS answers: the error a client sees, and JSON returned "as given".</summary>
public static class Expect
{
    /// <summary>The call fails with this AWS error type and HTTP status; returns the error for further checks.</summary>
    public static async Task<AwsErrorException> Error(string type, HttpStatusCode status, Func<Task> call)
    {
        var error = await AwsClient.Fails(call);
        Assert.Equal(type, error.Type);
        Assert.Equal(status, error.Status);
        Assert.Equal(type + ":", error.Response.Headers.GetValues("x-amzn-ErrorType").Single());
        return error;
    }

    public static Task<AwsErrorException> InvalidParameter(Func<Task> call) => Error("InvalidParameterException", HttpStatusCode.BadRequest, call);

    public static Task<AwsErrorException> NotFound(Func<Task> call) => Error("ResourceNotFoundException", HttpStatusCode.NotFound, call);

    /// <summary>
    /// Every member of <paramref name="expected"/> is in <paramref name="actual"/> with the same value (objects
    /// recursively; arrays and scalars exactly). Extra members in the answer (defaults) are allowed.
    /// </summary>
    public static void Contains(string expected, JsonNode? actual) => Contains(JsonNode.Parse(expected), actual, "$");

    private static void Contains(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject expectedObject)
        {
            Assert.True(actual is JsonObject, $"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}");
            foreach (var (name, value) in expectedObject) Contains(value, actual![name], $"{path}.{name}");
            return;
        }
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
    }

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static List<string> Strings(this JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    public static void IsEpochSeconds(JsonNode? node)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.Number, node.GetValueKind());
        var seconds = node.GetValue<double>();
        Assert.InRange(seconds, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
    }
}

/// <summary>Reads what a host stored, straight from its database (PostgreSQL or SQLite), bypassing the API.</summary>
public static class StoredRows
{
    /// <summary>Every column of every row the query returns, as text, one string per row.</summary>
    public static async Task<List<string>> Read(CognitoHost host, string sql)
    {
        await using DbConnection connection = host.PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(host.DataDir, "cognitolite.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var columns = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
                columns.Add($"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}");
            rows.Add(string.Join(" | ", columns));
        }
        return rows;
    }
}
