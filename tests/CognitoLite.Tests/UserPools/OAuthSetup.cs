using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

/// <summary>Pools and clients for the OAuth management tests, each test making its own.</summary>
internal static class OAuthSetup
{
    public static async Task<string> CreatePool(this AwsClient aws) =>
        (await aws.Idp("CreateUserPool", new { PoolName = "oauth-" + Guid.NewGuid().ToString("N")[..12] }))["UserPool"]!["Id"].Str();

    public static async Task<JsonNode> CreateClient(this AwsClient aws, string poolId, string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["UserPoolId"] = poolId;
        body["ClientName"] ??= "client";
        return (await aws.Idp("CreateUserPoolClient", body.ToJsonString()))["UserPoolClient"]!;
    }

    public static Task<JsonNode> Idp(this AwsClient aws, string operation, string json) => aws.Idp(operation, JsonNode.Parse(json)!.ToJsonString());
}
