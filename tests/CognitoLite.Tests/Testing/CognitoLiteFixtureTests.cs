using CognitoLite.Testing;

namespace CognitoLite.Tests.Testing;

/// <summary>The xunit fixture as a user's test class takes it: one seeded server for the class.</summary>
public sealed class CognitoLiteFixtureTests(CognitoLiteFixtureTests.Seeded fixture) : IClassFixture<CognitoLiteFixtureTests.Seeded>
{
    public sealed class Seeded : CognitoLiteFixture
    {
        protected override CognitoLiteServerOptions Options => new() { SeedJson = CognitoLiteServerTests.Seed };
    }

    [Fact]
    public async Task The_fixture_s_server_serves_its_seed()
    {
        await CognitoLiteServerTests.SignIn(fixture.Server, "alice");
        Assert.Empty(fixture.Server.Messages);
    }
}
