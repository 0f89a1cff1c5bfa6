using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class DomainTestsOnPostgres(PostgresHost fixture) : DomainContract(fixture), IClassFixture<PostgresHost>;

public sealed class DomainTestsOnSqlite(SqliteHost fixture) : DomainContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Create/Describe/Update/DeleteUserPoolDomain and the pool's Domain / CustomDomain.</summary>
public abstract class DomainContract(HostFixture fixture)
{
    private const string Certificate = "arn:aws:acm:us-east-1:000000000000:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    private AwsClient Aws { get; } = fixture.Host.Aws();

    private static string Prefix() => "login-" + Guid.NewGuid().ToString("N")[..12];

    private static string Custom() => $"auth-{Guid.NewGuid():N}"[..20] + ".example.com";

    private async Task<JsonNode> Describe(string domain) => (await Aws.Idp("DescribeUserPoolDomain", new { Domain = domain }))["DomainDescription"]!;

    [Fact]
    public async Task A_prefix_domain_is_created_described_and_shown_on_the_pool()
    {
        var poolId = await Aws.CreatePool();
        var domain = Prefix();

        var created = await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = domain });
        Assert.Equal(1, created["ManagedLoginVersion"]!.GetValue<int>());
        Assert.Null(created["CloudFrontDomain"]);

        var described = await Describe(domain);
        Expect.Contains($$"""
            { "UserPoolId": "{{poolId}}", "AWSAccountId": "000000000000", "Domain": "{{domain}}", "Status": "ACTIVE", "ManagedLoginVersion": 1 }
            """, described);
        Assert.Null(described["CustomDomainConfig"]);
        Assert.NotNull(described["CloudFrontDistribution"]);
        Assert.NotNull(described["Version"]);

        var pool = (await Aws.Idp("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!;
        Assert.Equal(domain, pool["Domain"].Str());
        Assert.Null(pool["CustomDomain"]);
    }

    [Fact]
    public async Task A_custom_domain_keeps_its_certificate_and_sits_beside_the_prefix_domain()
    {
        var poolId = await Aws.CreatePool();
        var prefix = Prefix();
        var custom = Custom();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = prefix });

        var created = await Aws.Idp("CreateUserPoolDomain", new
        {
            UserPoolId = poolId, Domain = custom, ManagedLoginVersion = 2,
            CustomDomainConfig = new { CertificateArn = Certificate, SecurityPolicy = "TLS_V1_2_2021" },
        });
        Assert.Equal(2, created["ManagedLoginVersion"]!.GetValue<int>());
        Assert.NotNull(created["CloudFrontDomain"]);

        Expect.Contains($$"""
            { "Domain": "{{custom}}", "ManagedLoginVersion": 2,
              "CustomDomainConfig": { "CertificateArn": "{{Certificate}}", "SecurityPolicy": "TLS_V1_2_2021" } }
            """, await Describe(custom));
        var pool = (await Aws.Idp("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!;
        Assert.Equal(prefix, pool["Domain"].Str());
        Assert.Equal(custom, pool["CustomDomain"].Str());
    }

    [Fact]
    public async Task An_unknown_domain_is_described_as_an_empty_object()
    {
        var answer = await Aws.Idp("DescribeUserPoolDomain", new { Domain = Prefix() });
        Assert.Equal("{}", answer["DomainDescription"]!.ToJsonString());
    }

    [Fact]
    public async Task A_domain_of_another_pool_and_a_second_prefix_domain_are_refused()
    {
        var first = await Aws.CreatePool();
        var second = await Aws.CreatePool();
        var domain = Prefix();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = first, Domain = domain });

        var taken = await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = second, Domain = domain }));
        Assert.Equal("Domain already associated with another user pool.", taken.AwsMessage);
        var again = await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = first, Domain = Prefix() }));
        Assert.Equal("User Pool already has domain configured.", again.AwsMessage);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-leading")]
    [InlineData("has.dot")]
    [InlineData("my-aws-login")]
    [InlineData("amazonish")]
    [InlineData("cognito-app")]
    public async Task A_prefix_that_breaks_the_rules_is_refused(string domain)
    {
        var poolId = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = domain }));
    }

    [Fact]
    public async Task ManagedLoginVersion_other_than_1_or_2_and_a_custom_domain_without_certificate_are_refused()
    {
        var poolId = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = Prefix(), ManagedLoginVersion = 3 }));
        await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = Custom(), CustomDomainConfig = new { } }));
        await Expect.NotFound(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = "us-east-1_NoSuchP00l", Domain = Prefix() }));
    }

    [Fact]
    public async Task Update_changes_the_version_and_certificate_and_Delete_frees_the_name()
    {
        var poolId = await Aws.CreatePool();
        var custom = Custom();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = custom, CustomDomainConfig = new { CertificateArn = Certificate } });
        var other = Certificate.Replace("0f1e", "aaaa", StringComparison.Ordinal);

        var updated = await Aws.Idp("UpdateUserPoolDomain", new { UserPoolId = poolId, Domain = custom, ManagedLoginVersion = 2, CustomDomainConfig = new { CertificateArn = other } });
        Assert.Equal(2, updated["ManagedLoginVersion"]!.GetValue<int>());
        Expect.Contains($$"""{ "ManagedLoginVersion": 2, "CustomDomainConfig": { "CertificateArn": "{{other}}" } }""", await Describe(custom));

        Assert.Equal("{}", (await Aws.Idp("DeleteUserPoolDomain", new { UserPoolId = poolId, Domain = custom })).ToJsonString());
        Assert.Equal("{}", (await Describe(custom)).ToJsonString());
        Assert.Null((await Aws.Idp("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!["CustomDomain"]);
        var gone = await Expect.InvalidParameter(() => Aws.Idp("DeleteUserPoolDomain", new { UserPoolId = poolId, Domain = custom }));
        Assert.Equal("No such domain or user pool exists.", gone.AwsMessage);
        await Expect.InvalidParameter(() => Aws.Idp("UpdateUserPoolDomain", new { UserPoolId = poolId, Domain = custom, ManagedLoginVersion = 1 }));
    }

    [Fact]
    public async Task A_certificate_cannot_be_put_on_a_prefix_domain()
    {
        var poolId = await Aws.CreatePool();
        var domain = Prefix();
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = domain });
        await Expect.InvalidParameter(() => Aws.Idp("UpdateUserPoolDomain", new { UserPoolId = poolId, Domain = domain, CustomDomainConfig = new { CertificateArn = Certificate } }));
    }
}
