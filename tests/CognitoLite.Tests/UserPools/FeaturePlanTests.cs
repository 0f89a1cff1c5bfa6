using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class FeaturePlanTestsOnPostgres(PostgresHost fixture) : FeaturePlanContract(fixture), IClassFixture<PostgresHost>;

public sealed class FeaturePlanTestsOnSqlite(SqliteHost fixture) : FeaturePlanContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// What a pool's feature plan (UserPoolTier) gates, as AWS's model documents it: a LITE pool is refused passkeys and the
/// other passwordless first factors, choice-based sign-in (ALLOW_USER_AUTH, USER_AUTH), access token customization
/// (pre token generation V2_0 and V3_0) and managed login (ManagedLoginVersion 2), with FeatureUnavailableInTierException.
/// </summary>
public abstract class FeaturePlanContract(HostFixture fixture)
{
    private const string PreTokenArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token";

    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    private static Task<AwsErrorException> Unavailable(Func<Task> call) => IdpFlows.Refused("FeatureUnavailableInTierException", call);

    private static string PreToken(string version) =>
        $$"""{ "PreTokenGenerationConfig": { "LambdaVersion": "{{version}}", "LambdaArn": "{{PreTokenArn}}" } }""";

    [Fact]
    public async Task A_LITE_pool_refuses_passkeys_and_choice_based_sign_in()
    {
        await Unavailable(() => _idp.CreatePool("""{ "UserPoolTier": "LITE", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }"""));
        // PASSWORD alone is what every pool allows.
        var pool = await _idp.CreatePool("""{ "UserPoolTier": "LITE", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD"] } } }""");
        await Unavailable(() => Aws.Idp("UpdateUserPool", new { UserPoolId = pool, Policies = new { SignInPolicy = new { AllowedFirstAuthFactors = new[] { "PASSWORD", "EMAIL_OTP" } } } }));
        await Unavailable(() => Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = pool, WebAuthnConfiguration = new { RelyingPartyId = "example.com" } }));
        await Unavailable(() => _idp.CreateClient(pool, """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }"""));
        var client = await _idp.CreateClient(pool);
        await Unavailable(() => Aws.Idp("UpdateUserPoolClient", new { UserPoolId = pool, ClientId = client.Id, ExplicitAuthFlows = new[] { "ALLOW_USER_AUTH" } }));

        // StartWebAuthnRegistration's errors have no FeatureUnavailableInTierException: a LITE pool's passkeys are simply off.
        await _idp.ConfirmedUser(client, "lee");
        var token = (await _idp.SignIn(client, "lee"))["AccessToken"].Str();
        await IdpFlows.Refused("WebAuthnNotEnabledException", () => Aws.Idp("StartWebAuthnRegistration", new { AccessToken = token }));
    }

    [Fact]
    public async Task A_pool_moved_down_to_LITE_refuses_USER_AUTH_to_the_clients_it_kept()
    {
        var pool = await _idp.CreatePool("""{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }""");
        var client = await _idp.CreateClient(pool, """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH"] }""");
        await _idp.ConfirmedUser(client, "kay");

        // UpdateUserPool without Policies puts the sign-in policy back to PASSWORD, which LITE allows.
        await Aws.Idp("UpdateUserPool", new { UserPoolId = pool, UserPoolTier = "LITE" });

        await Unavailable(() => _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = "kay" }));
        await Unavailable(() => Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = pool,
            ClientId = client.Id,
            AuthFlow = "USER_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "kay", ["PREFERRED_CHALLENGE"] = "PASSWORD", ["PASSWORD"] = IdpFlows.Password },
        }));
        Assert.NotNull((await _idp.InitiateAuth(client, "USER_PASSWORD_AUTH", new() { ["USERNAME"] = "kay", ["PASSWORD"] = IdpFlows.Password }))["AuthenticationResult"]);
    }

    [Fact]
    public async Task A_LITE_pool_refuses_access_token_customization_and_managed_login()
    {
        await Unavailable(() => _idp.CreatePool($$"""{ "UserPoolTier": "LITE", "LambdaConfig": {{PreToken("V2_0")}} }"""));
        var pool = await _idp.CreatePool($$"""{ "UserPoolTier": "LITE", "LambdaConfig": {{PreToken("V1_0")}} }""");
        await Unavailable(() => Aws.Idp("UpdateUserPool", $$"""{ "UserPoolId": "{{pool}}", "LambdaConfig": {{PreToken("V3_0")}} }"""));

        var domain = "lite-" + Guid.NewGuid().ToString("N")[..12];
        await Unavailable(() => Aws.Idp("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain, ManagedLoginVersion = 2 }));
        await Aws.Idp("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain, ManagedLoginVersion = 1 });
        await Unavailable(() => Aws.Idp("UpdateUserPoolDomain", new { UserPoolId = pool, Domain = domain, ManagedLoginVersion = 2 }));
    }

    [Fact]
    public async Task UpdateUserPool_keeps_the_tier_it_is_not_given()
    {
        var plus = await _idp.CreatePool("""{ "UserPoolTier": "PLUS" }""");
        var lite = await _idp.CreatePool("""{ "UserPoolTier": "LITE" }""");

        await Aws.Idp("UpdateUserPool", new { UserPoolId = plus, UserPoolAddOns = new { AdvancedSecurityMode = "AUDIT" } });
        await Aws.Idp("UpdateUserPool", new { UserPoolId = lite });

        Assert.Equal("PLUS", (await Aws.Idp("DescribeUserPool", new { UserPoolId = plus }))["UserPool"]!["UserPoolTier"].Str());
        Assert.Equal("LITE", (await Aws.Idp("DescribeUserPool", new { UserPoolId = lite }))["UserPool"]!["UserPoolTier"].Str());
    }
}
