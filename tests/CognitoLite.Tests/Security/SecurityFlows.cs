using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Security;

/// <summary>The host with the shipped breached-password list (see <see cref="BreachedPasswordsTests.ShippedList"/>).</summary>
public sealed class SecurityHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Security:BreachedPasswordsPath"] = BreachedPasswordsTests.ShippedList,
    };
}

/// <summary>
/// The steps threat protection tests repeat: PLUS pools in a mode, their risk configuration, admin sign-ins from a chosen
/// address and device (AdminInitiateAuth's ContextData, as an app's server sends its user's), and the user's events.
/// </summary>
internal sealed class SecurityFlows(CognitoHost host)
{
    public const string Laptop = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
    public const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1";

    public IdpFlows Idp { get; } = new(host);

    public AwsClient Aws => Idp.Aws;

    /// <summary>A PLUS pool with threat protection in this mode, and a client for the password, admin and SRP flows.</summary>
    public async Task<TestClient> Pool(string mode, string? clientSettingsJson = null)
    {
        var poolId = await Idp.CreatePool($$"""
            { "UserPoolTier": "PLUS", "UserPoolAddOns": { "AdvancedSecurityMode": "{{mode}}" }, "AutoVerifiedAttributes": ["email"] }
            """);
        return await Client(poolId, clientSettingsJson);
    }

    public Task<TestClient> Client(string poolId, string? clientSettingsJson = null)
    {
        var settings = JsonNode.Parse(clientSettingsJson ?? "{}")!.AsObject();
        settings["ExplicitAuthFlows"] ??= new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        return Idp.CreateClient(poolId, settings.ToJsonString());
    }

    /// <summary>SetRiskConfiguration for the pool (or, with <paramref name="clientId"/>, the client) with these members.</summary>
    public Task<JsonNode> SetRisk(string poolId, string configurationJson, string? clientId = null)
    {
        var body = JsonNode.Parse(configurationJson)!.AsObject();
        body["UserPoolId"] = poolId;
        if (clientId is not null) body["ClientId"] = clientId;
        return Aws.Idp("SetRiskConfiguration", body.ToJsonString());
    }

    /// <summary>ADMIN_USER_PASSWORD_AUTH for a user at this address, on this device (its User-Agent).</summary>
    public Task<JsonNode> AdminSignIn(TestClient client, string username, string address, string device = Laptop, string password = IdpFlows.Password) =>
        Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
            ContextData = Context(address, device),
        });

    public static object Context(string address, string device = Laptop) => new
    {
        IpAddress = address,
        ServerName = "app.example.com",
        ServerPath = "/sign-in",
        HttpHeaders = new[] { new { headerName = "User-Agent", headerValue = device } },
    };

    /// <summary>The user's events, newest first (one page of up to 60).</summary>
    public async Task<JsonArray> Events(TestClient client, string username) =>
        (await Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = username }))["AuthEvents"]!.AsArray();

    /// <summary>Each event as "EventType EventResponse RiskDecision RiskLevel Password:… Mfa:…", newest first, for whole-history assertions.</summary>
    public async Task<List<string>> History(TestClient client, string username) =>
        (await Events(client, username)).Select(e =>
        {
            var risk = e!["EventRisk"]!;
            var challenges = e["ChallengeResponses"]!.AsArray().Select(c => $"{c!["ChallengeName"].Str()}:{c["ChallengeResponse"].Str()}");
            return string.Join(' ', new[] { e["EventType"].Str(), e["EventResponse"].Str(), risk["RiskDecision"].Str(), risk["RiskLevel"]?.GetValue<string>() }
                .Concat(challenges).Where(part => part is not null));
        }).ToList();
}
