using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Security;

/// <summary>The server behind a proxy on its own machine (127.0.0.1, trusted by configuration), on Kestrel so that requests have a connection address.</summary>
public sealed class BehindProxyHost : HostFixture
{
    public override Store Store => Store.Sqlite;

    protected override bool Kestrel => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["CognitoLite:Security:TrustedProxies:0"] = "127.0.0.1" };
}

/// <summary>
/// The address threat protection judges is the one X-Forwarded-For names when the request comes from a trusted proxy
/// (which addresses are trusted, and which entry is taken, is RiskRulesTests' X_Forwarded_For_counts_only_from_a_trusted_proxy).
/// </summary>
public sealed class TrustedProxyTests(BehindProxyHost fixture) : IClassFixture<BehindProxyHost>
{
    [Fact]
    public async Task A_trusted_proxy_forwards_its_clients_address_and_the_client_agent_names_the_device()
    {
        var flows = new SecurityFlows(fixture.Host);
        var client = await flows.Pool("ENFORCED");
        await flows.SetRisk(client.PoolId, """{ "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] } }""");
        await flows.Idp.ConfirmedUser(client, "lee");
        async Task SignIn(string forwardedFor)
        {
            using var http = new HttpClient { BaseAddress = fixture.Host.Address };
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            http.DefaultRequestHeaders.UserAgent.ParseAdd("TestBrowser/1.0");
            await new AwsClient(http).Idp("InitiateAuth", new
            {
                AuthFlow = "USER_PASSWORD_AUTH",
                ClientId = client.Id,
                AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "lee", ["PASSWORD"] = IdpFlows.Password },
            });
        }

        await IdpFlows.Refused("NotAuthorizedException", () => SignIn("203.0.113.9"), "Request not allowed due to security reasons.");
        await SignIn("198.51.100.3, 127.0.0.1");

        var events = await flows.Events(client, "lee");
        Assert.Equal(["198.51.100.3", "203.0.113.9"], events.Take(2).Select(e => e!["EventContextData"]!["IpAddress"].Str()));
        Assert.Equal("TestBrowser/1.0", events[0]!["EventContextData"]!["DeviceName"].Str());
    }
}
