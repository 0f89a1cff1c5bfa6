using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests;

public sealed class SmokeTests(PostgresHost fixture) : IClassFixture<PostgresHost>
{
    [Fact]
    public async Task CreateUserPool_then_DescribeUserPool_on_postgres()
    {
        var aws = fixture.Host.Aws();
        var created = await aws.Idp("CreateUserPool", new { PoolName = "smoke" });
        var id = created["UserPool"]!["Id"]!.GetValue<string>();
        var described = await aws.Idp("DescribeUserPool", new { UserPoolId = id });
        Assert.Equal("smoke", described["UserPool"]!["Name"]!.GetValue<string>());
    }
}
