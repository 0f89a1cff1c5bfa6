using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using CognitoLite.Tests.Triggers;

namespace CognitoLite.Tests.Federation;

public sealed class FederationTriggerTestsOnPostgres(FederationTriggerHost<OnPostgres> fixture) : FederationTriggerContract(fixture), IClassFixture<FederationTriggerHost<OnPostgres>>;

public sealed class FederationTriggerTestsOnSqlite(FederationTriggerHost<OnSqlite> fixture) : FederationTriggerContract(fixture), IClassFixture<FederationTriggerHost<OnSqlite>>;

/// <summary>A trigger host with an OIDC provider stand-in beside it.</summary>
public sealed class FederationTriggerHost<TStore> : TriggerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    public OidcProviderStandIn Idp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Idp = await OidcProviderStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

/// <summary>
/// The functions a federated sign-in calls (spec/federation.md §6): PreSignUp_ExternalProvider and PostConfirmation at the
/// first sign-in only, Pre/PostAuthentication at every one; a refusing PreSignUp reaches the app as an error and leaves no user.
/// </summary>
public abstract class FederationTriggerContract
{
    private readonly OidcProviderStandIn _idp;
    private readonly LambdaStandIn _lambda;
    private readonly LoginPagesClient _pages;

    protected FederationTriggerContract(FederationTriggerHost<OnPostgres> fixture) : this(fixture.Host, fixture.Idp, fixture.Lambda)
    {
    }

    protected FederationTriggerContract(FederationTriggerHost<OnSqlite> fixture) : this(fixture.Host, fixture.Idp, fixture.Lambda)
    {
    }

    private FederationTriggerContract(CognitoHost host, OidcProviderStandIn idp, LambdaStandIn lambda)
    {
        (_idp, _lambda, _pages) = (idp, lambda, new LoginPagesClient(host));
        _idp.User = new JsonObject { ["sub"] = "oidc-user-1", ["email"] = "ann@idp.example", ["email_verified"] = true, ["name"] = "Ann Idp" };
    }

    private async Task<TestClient> Client(string function)
    {
        var lambdaConfig = new JsonObject();
        foreach (var trigger in new[] { "PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication" })
            lambdaConfig[trigger] = LambdaStandIn.Arn($"{function}-{trigger}");
        var poolId = await _pages.Flows.CreatePool(new JsonObject { ["LambdaConfig"] = lambdaConfig }.ToJsonString());
        await _pages.Flows.Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = "Idp",
            ["ProviderType"] = "OIDC",
            ["ProviderDetails"] = _idp.ProviderDetails(),
            ["AttributeMapping"] = new JsonObject { ["email"] = "email", ["name"] = "name" },
        });
        return await _pages.WebClientOf(poolId, """{ "SupportedIdentityProviders": ["Idp"] }""");
    }

    private Task<PageAnswer> SignIn(TestClient client) =>
        _idp.SignInThrough(new LoginPagesClient(_pages.Host), LoginPagesClient.AuthorizeUrl(client, ("identity_provider", "Idp"), ("state", "s-1")));

    [Fact]
    public async Task The_first_sign_in_calls_PreSignUp_ExternalProvider_and_PostConfirmation_and_every_sign_in_the_authentication_functions()
    {
        var client = await Client("fed");
        foreach (var trigger in new[] { "PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication" })
            _lambda.Program($"fed-{trigger}", Answer.Returns(), Answer.Returns());

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(client)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(client)).Status);

        var preSignUp = _lambda.Event("fed-PreSignUp");
        Assert.Equal("PreSignUp_ExternalProvider", preSignUp["triggerSource"].Str());
        Assert.Equal("Idp_oidc-user-1", preSignUp["userName"].Str());
        Assert.Equal(client.Id, preSignUp["callerContext"]!["clientId"].Str());
        JsonAssert.Same("""{ "email": "ann@idp.example", "name": "Ann Idp" }""", preSignUp["request"]!["userAttributes"]);
        Assert.Equal("PostConfirmation_ConfirmSignUp", _lambda.Event("fed-PostConfirmation")["triggerSource"].Str());
        Assert.Equal(2, _lambda.Calls("fed-PreAuthentication").Count);
        Assert.Equal(2, _lambda.Calls("fed-PostAuthentication").Count);
        Assert.Equal("EXTERNAL_PROVIDER", _lambda.Calls("fed-PostAuthentication")[0].Event["request"]!["userAttributes"]!["cognito:user_status"].Str());
    }

    [Fact]
    public async Task A_refusing_PreSignUp_sends_the_app_its_message_and_leaves_no_user()
    {
        var client = await Client("refuse");
        _lambda.Program("refuse-PreSignUp", Answer.Throws("No outsiders"));

        var back = await SignIn(client);

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        var parameters = back.RedirectParameters();
        Assert.False(parameters.ContainsKey("code"));
        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Equal("PreSignUp failed with error No outsiders.", parameters["error_description"]);
        Assert.Empty((await _pages.Flows.Aws.Idp("ListUsers", new { UserPoolId = client.PoolId }))["Users"]!.AsArray());
    }
}
