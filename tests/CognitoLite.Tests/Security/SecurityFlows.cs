using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Triggers;

namespace CognitoLite.Tests.Security;

/// <summary>
/// The host with the shipped breached-password list (see <see cref="BreachedPasswordsTests.ShippedList"/>) and the Lambda
/// stand-in, for the custom auth challenge functions of CUSTOM_AUTH sign-ins.
/// </summary>
public sealed class SecurityHost<TStore> : TriggerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
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

    /// <summary>
    /// A PLUS pool with threat protection in this mode (and any other settings given), and a client for the password, admin
    /// and SRP flows unless its settings name others.
    /// </summary>
    public async Task<TestClient> Pool(string mode, string? clientSettingsJson = null, string? poolSettingsJson = null)
    {
        var settings = JsonNode.Parse(poolSettingsJson ?? "{}")!.AsObject();
        settings["UserPoolTier"] = "PLUS";
        settings["UserPoolAddOns"] ??= new JsonObject();
        settings["UserPoolAddOns"]!["AdvancedSecurityMode"] = mode;
        settings["AutoVerifiedAttributes"] ??= new JsonArray("email");
        return await Client(await Idp.CreatePool(settings.ToJsonString()), clientSettingsJson);
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

    /// <summary>AdminInitiateAuth with this flow for a user at this address.</summary>
    public Task<JsonNode> AdminAuth(TestClient client, string flow, Dictionary<string, string> parameters, string address) =>
        Aws.Idp("AdminInitiateAuth", new { UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = flow, AuthParameters = parameters, ContextData = Context(address) });

    /// <summary>AdminRespondToAuthChallenge from a user at this address.</summary>
    public Task<JsonNode> AdminRespond(TestClient client, string challenge, string? session, Dictionary<string, string> responses, string address) =>
        Aws.Idp("AdminRespondToAuthChallenge", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            ChallengeName = challenge,
            Session = session,
            ChallengeResponses = responses,
            ContextData = Context(address),
        });

    /// <summary>USER_SRP_AUTH and its PASSWORD_VERIFIER, both from a user at this address.</summary>
    public async Task<JsonNode> AdminSrpSignIn(TestClient client, string username, string password, string address)
    {
        var srp = new SrpClient();
        var verifier = await AdminAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = username, ["SRP_A"] = srp.SrpA }, address);
        return await AdminRespond(client, "PASSWORD_VERIFIER", null, srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, password, DateTimeOffset.UtcNow), address);
    }

    /// <summary>The event_id of an AuthenticationResult's tokens, the same in the id and the access token.</summary>
    public static string EventId(JsonNode result)
    {
        var access = TestJwt.Claims(result["AccessToken"].Str())["event_id"]!.GetValue<string>();
        Assert.Equal(access, TestJwt.Claims(result["IdToken"].Str())["event_id"]!.GetValue<string>());
        return access;
    }

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
