using System.Net;
using CognitoLite.Core;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Seed;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Sts;

/// <summary>Roles and their policies from configuration (checked at start-up) and from the seed file's Roles section.</summary>
public sealed class RoleConfigurationTests : IDisposable
{
    private const string SeededRole = "arn:aws:iam::123456789012:role/app/Seeded";
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-roles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CognitoOptions With(RoleOptions role) => new() { Roles = [role] };

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/x", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", 3600, "is not an IAM role ARN")]
    [InlineData("arn:aws:iam::123456789012:role/R", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}""", 3600, "MalformedPolicyDocument: Policy statement must contain resources.")]
    [InlineData("arn:aws:iam::123456789012:role/R", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", 60, "MaxSessionDuration")]
    [InlineData("arn:aws:iam::123456789012:role/R", "/nonexistent/policy.json", 3600, "policy.json")]
    public void A_bad_role_declaration_stops_the_start_naming_the_setting(string roleArn, string policy, int maxSession, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(With(new RoleOptions { RoleArn = roleArn, Policies = [policy], MaxSessionDuration = maxSession }).Validate);

        Assert.StartsWith("CognitoLite:Roles:0", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_policy_without_a_principal_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(With(new RoleOptions
        {
            RoleArn = "arn:aws:iam::123456789012:role/R",
            TrustPolicy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}}""",
        }).Validate);

        Assert.Contains("MalformedPolicyDocument", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_file_is_read_and_named_after_the_file()
    {
        var file = Path.Combine(_folder, "notes-access.json");
        File.WriteAllText(file, StsHost.NotesPolicy);

        var role = IamRoles.Load(new RoleOptions { RoleArn = StsHost.NotesRole, Policies = [file] }, "CognitoLite:Roles:0");

        Assert.Equal("notes-access", Assert.Single(role.Policies).Name);
        Assert.Equal("NotesUser", role.Name);
    }

    [Fact]
    public void A_host_with_a_bad_role_refuses_to_start()
    {
        using var host = new CognitoHost(postgres: null, new Dictionary<string, string?>
        {
            ["CognitoLite:Roles:0:RoleArn"] = "arn:aws:iam::123456789012:role/R",
            ["CognitoLite:Roles:0:Policies:0"] = "{ not json",
        });

        Assert.ThrowsAny<Exception>(() => host.Server);
    }

    [Fact]
    public async Task Seeded_roles_carry_their_policies_and_trust_into_STS_and_decisions()
    {
        File.WriteAllText(Path.Combine(_folder, "read.json"), """{"Version":"2012-10-17","Statement":{"Sid":"FromFile","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");
        var seedFile = Path.Combine(_folder, "seed.json");
        File.WriteAllText(seedFile, $$"""
            {
              "Roles": [{
                "RoleArn": "{{SeededRole}}",
                "MaxSessionDuration": 7200,
                "Policies": [
                  { "Version": "2012-10-17", "Statement": [{ "Sid": "Inline", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "*" }] },
                  "read.json"
                ],
                "TrustPolicy": {
                  "Version": "2012-10-17",
                  "Statement": [{ "Effect": "Allow", "Principal": { "Federated": "cognito-identity.amazonaws.com" },
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": { "StringEquals": { "cognito-identity.amazonaws.com:aud": "{{WebIdentityTokens.PoolId}}" } } }]
                }
              }]
            }
            """);
        using var host = await CognitoHost.StartAsync(Store.Postgres, nameof(RoleConfigurationTests), new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = seedFile });

        var role = host.Services.GetRequiredService<IamRoles>().Find(SeededRole)!;
        Assert.Equal(["Seeded-0", "read"], role.Policies.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromHours(2), role.MaxSessionDuration);

        var sts = new StsClient(host.CreateClient());
        var member = await WebIdentityTokens.Mint(host, WebIdentityTokens.NewIdentityId());
        var stranger = await WebIdentityTokens.Mint(host, WebIdentityTokens.NewIdentityId(), WebIdentityTokens.OtherPoolId);
        await sts.Call("AssumeRoleWithWebIdentity", ("RoleArn", SeededRole), ("RoleSessionName", "seeded"), ("WebIdentityToken", member), ("DurationSeconds", "7200"));
        await StsClient.Error("AccessDenied", HttpStatusCode.Forbidden,
            () => sts.Call("AssumeRoleWithWebIdentity", ("RoleArn", SeededRole), ("RoleSessionName", "seeded"), ("WebIdentityToken", stranger)));
    }

    [Fact]
    public async Task A_bad_seeded_role_is_refused_with_a_message_naming_the_file()
    {
        var seedFile = Path.Combine(_folder, "seed.json");
        File.WriteAllText(seedFile, """{ "Roles": [{ "RoleArn": "arn:aws:iam::123456789012:role/R", "Policies": [{ "Statement": [] }] }] }""");
        using var host = await CognitoHost.StartAsync(Store.Postgres, nameof(RoleConfigurationTests));
        await using var scope = host.Services.CreateAsyncScope();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SeedService>().Apply(seedFile, CancellationToken.None));

        Assert.StartsWith($"Seed file {seedFile}, Roles:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MalformedPolicyDocument", error.Message, StringComparison.Ordinal);
    }
}
