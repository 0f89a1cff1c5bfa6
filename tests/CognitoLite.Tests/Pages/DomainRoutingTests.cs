using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class DomainRoutingTestsOnPostgres(PostgresHost fixture) : DomainRoutingContract(fixture), IClassFixture<PostgresHost>;

public sealed class DomainRoutingTestsOnSqlite(SqliteHost fixture) : DomainRoutingContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// The pages at a pool's domain: a request whose Host is the pool's prefix domain (`prefix.auth.region.amazoncognito.com`
/// or `prefix.localhost`) or its custom domain serves that pool, and only that pool's clients.
/// </summary>
public abstract class DomainRoutingContract(HostFixture fixture)
{
    private LoginPagesClient Pages { get; } = new(fixture.Host);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A browser whose requests carry this Host.</summary>
    private LoginPagesClient At(string host) => new(fixture.Host, new Uri($"https://{host}/"));

    private async Task<string> PrefixDomain(TestClient client)
    {
        var prefix = Unique("myapp");
        await Pages.Flows.Aws.Idp("CreateUserPoolDomain", new { UserPoolId = client.PoolId, Domain = prefix });
        return prefix;
    }

    /// <summary>The whole flow at that host: authorize, the form, the code, its exchange; and the session there.</summary>
    private async Task SignsInAt(string host, TestClient client, string username)
    {
        var browser = At(host);
        var back = await browser.SignIn(LoginPagesClient.AuthorizeUrl(client, ("state", "s-1")), username);
        Assert.True(back.Status == HttpStatusCode.Redirect, $"{host}: {back.Status}\n{back.Html}");
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);
        Assert.Equal(HttpStatusCode.OK, (await Pages.Exchange(client, back.RedirectParameters()["code"])).Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", (await browser.Get(LoginPagesClient.AuthorizeUrl(client))).Location);
    }

    /// <summary>Every page at that host refuses the client with the error page.</summary>
    private async Task RefusesAt(string host, TestClient client)
    {
        var browser = At(host);
        LoginPagesClient.IsErrorPage(await browser.Get(LoginPagesClient.AuthorizeUrl(client)), "invalid_request");
        LoginPagesClient.IsErrorPage(await browser.Get(LoginPagesClient.AuthorizeUrl(client).Replace("/oauth2/authorize", "/login")), "invalid_request");
        LoginPagesClient.IsErrorPage(await browser.Get($"/logout?client_id={client.Id}&logout_uri={Uri.EscapeDataString("https://app.example.com/signed-out")}"),
            "invalid_request");
    }

    [Fact]
    public async Task A_prefix_domain_serves_its_pool_at_its_amazoncognito_com_and_localhost_names()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ann");
        var prefix = await PrefixDomain(client);

        await SignsInAt($"{prefix}.auth.us-east-1.amazoncognito.com", client, "ann");
        await SignsInAt($"{prefix}.auth.eu-west-1.amazoncognito.com", client, "ann");
        await SignsInAt($"{prefix}.localhost", client, "ann");
        await SignsInAt($"{prefix.ToUpperInvariant()}.localhost", client, "ann");
    }

    [Fact]
    public async Task At_a_prefix_domain_a_client_of_another_pool_gets_the_error_page()
    {
        var client = await Pages.WebClient();
        var other = await Pages.WebClient();
        var prefix = await PrefixDomain(client);

        await RefusesAt($"{prefix}.auth.us-east-1.amazoncognito.com", other);
        await RefusesAt($"{prefix}.localhost", other);
    }

    [Fact]
    public async Task A_custom_domain_serves_its_pool_and_only_its_pool()
    {
        var client = await Pages.WebClient();
        var other = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "bob");
        var domain = Unique("login") + ".example.com";
        await Pages.Flows.Aws.Idp("CreateUserPoolDomain", new
        {
            UserPoolId = client.PoolId, Domain = domain,
            CustomDomainConfig = new { CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d" },
        });

        await SignsInAt(domain, client, "bob");
        await RefusesAt(domain, other);
    }

    [Fact]
    public async Task A_prefix_is_not_a_custom_domain_nor_a_custom_domain_a_prefix()
    {
        var client = await Pages.WebClient();
        var other = await Pages.WebClient();
        var prefix = await PrefixDomain(client);

        // The prefix under another parent domain is no domain of the pool: the server's own names serve every pool.
        Assert.StartsWith("/login?", (await At($"{prefix}.example.com").Get(LoginPagesClient.AuthorizeUrl(other))).Location);
        Assert.StartsWith("/login?", (await At("localhost").Get(LoginPagesClient.AuthorizeUrl(other))).Location);
    }
}
