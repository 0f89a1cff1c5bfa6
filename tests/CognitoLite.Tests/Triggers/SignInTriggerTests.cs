using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;

namespace CognitoLite.Tests.Triggers;

public sealed class SignInTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : SignInTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class SignInTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : SignInTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// Pre authentication, post authentication and pre token generation (versions 1 and 2): the events, their order, the
/// tokens as the answers change them, and sign-ins refused with nothing issued.
/// </summary>
public abstract class SignInTriggerContract(TriggerHost fixture)
{
    private const string RoleArn = "arn:aws:iam::000000000000:role/Readers";

    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PoolWith(string lambdaConfig, string? clientSettings = null) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ "AutoVerifiedAttributes": ["email"], "LambdaConfig": { {{lambdaConfig}} } }"""), clientSettings);

    private Task<JsonNode> PasswordAuth(TestClient client, string username, string password = IdpFlows.Password, object? clientMetadata = null) =>
        _idp.Aws.Idp("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client.Id,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
            ClientMetadata = clientMetadata,
        });

    private async Task<long> RefreshTokens(TestClient client) =>
        Convert.ToInt64(await _idp.Scalar("""SELECT count(*) FROM "RefreshTokens" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId)));

    private static JsonObject Claims(JsonNode result, string token) => TestJwt.Claims(result["AuthenticationResult"]![token]!.GetValue<string>());

    [Fact]
    public async Task Pre_authentication_post_authentication_and_pre_token_generation_run_in_that_order_with_their_events()
    {
        var client = await PoolWith($"""
            "PreAuthentication": "{LambdaStandIn.Arn("pre-auth")}", "PostAuthentication": "{LambdaStandIn.Arn("post-auth")}",
            "PreTokenGeneration": "{LambdaStandIn.Arn("pre-token")}"
            """);
        foreach (var function in new[] { "pre-auth", "post-auth", "pre-token" }) _lambda.Program(function, Answer.Returns());
        var sub = await _idp.VerifiedUser(client, "alice", "alice@example.com");

        await PasswordAuth(client, "alice", clientMetadata: new { device = "kiosk" });

        Assert.Equal(["pre-auth", "post-auth", "pre-token"], _lambda.Order("pre-auth", "post-auth", "pre-token"));
        var attributes = $$"""{ "sub": "{{sub}}", "email": "alice@example.com", "email_verified": "true", "cognito:user_status": "CONFIRMED" }""";
        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "PreAuthentication_Authentication", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": { "userAttributes": {{attributes}}, "validationData": { "device": "kiosk" }, "userNotFound": false },
              "response": {}
            }
            """, _lambda.Event("pre-auth"));
        // InitiateAuth's ClientMetadata goes to pre authentication only, as Cognito passes it.
        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "PostAuthentication_Authentication", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": { "userAttributes": {{attributes}}, "newDeviceUsed": false },
              "response": {}
            }
            """, _lambda.Event("post-auth"));
        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "userAttributes": {{attributes}},
                "groupConfiguration": { "groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null }
              },
              "response": { "claimsOverrideDetails": null }
            }
            """, _lambda.Event("pre-token"));
    }

    [Fact]
    public async Task A_pre_authentication_refusal_stops_the_sign_in_before_the_password()
    {
        var client = await PoolWith($""" "PreAuthentication": "{LambdaStandIn.Arn("pre-auth-refuses")}", "PostAuthentication": "{LambdaStandIn.Arn("pre-auth-refuses-post")}" """);
        _lambda.Program("pre-auth-refuses", Answer.Returns());
        _lambda.Program("pre-auth-refuses-post", Answer.Returns());
        await _idp.ConfirmedUser(client, "bob");
        _lambda.Program("pre-auth-refuses", Answer.Throws("Accounts are frozen"));

        // Refused for the function's reason, not the wrong password.
        await IdpFlows.Refused("UserLambdaValidationException", () => PasswordAuth(client, "bob", "Wr0ng-password!"), "PreAuthentication failed with error Accounts are frozen.");
        await IdpFlows.Refused("UserLambdaValidationException", () => PasswordAuth(client, "bob"), "PreAuthentication failed with error Accounts are frozen.");

        Assert.Empty(_lambda.Calls("pre-auth-refuses-post"));
        Assert.Equal(0, await RefreshTokens(client));
    }

    [Fact]
    public async Task Pre_authentication_hears_of_unknown_users_only_from_clients_that_prevent_existence_errors()
    {
        var client = await PoolWith($""" "PreAuthentication": "{LambdaStandIn.Arn("pre-auth-unknown")}" """);
        var legacy = await _idp.CreateClient(client.PoolId, """{ "PreventUserExistenceErrors": "LEGACY" }""");
        _lambda.Program("pre-auth-unknown", Answer.Returns());

        await IdpFlows.Refused("NotAuthorizedException", () => PasswordAuth(client, "nobody"), "Incorrect username or password.");
        var request = _lambda.Event("pre-auth-unknown");
        Assert.Equal("nobody", request["userName"]!.GetValue<string>());
        JsonAssert.Same("""{ "userAttributes": {}, "validationData": null, "userNotFound": true }""", request["request"]);

        _lambda.Program("pre-auth-unknown", Answer.Returns());
        await IdpFlows.Refused("UserNotFoundException", () => PasswordAuth(legacy, "nobody"));
        Assert.Empty(_lambda.Calls("pre-auth-unknown"));
        await _idp.ConfirmedUser(client, "carol");
        _lambda.Program("pre-auth-unknown", Answer.Returns());
        await PasswordAuth(legacy, "carol");
        Assert.False(_lambda.Event("pre-auth-unknown")["request"]!.AsObject().ContainsKey("userNotFound"));
    }

    [Fact]
    public async Task An_SRP_sign_in_asks_pre_authentication_at_its_start_and_post_authentication_at_its_end()
    {
        var client = await PoolWith($""" "PreAuthentication": "{LambdaStandIn.Arn("srp-pre")}", "PostAuthentication": "{LambdaStandIn.Arn("srp-post")}" """,
            """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        _lambda.Program("srp-pre", Answer.Returns());
        _lambda.Program("srp-post", Answer.Returns());
        await _idp.ConfirmedUser(client, "lena");
        var srp = new SrpClient();

        var verifier = await _idp.Aws.Idp("InitiateAuth", new
        {
            AuthFlow = "USER_SRP_AUTH",
            ClientId = client.Id,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "lena", ["SRP_A"] = srp.SrpA },
            ClientMetadata = new { step = "start" },
        });
        JsonAssert.Same("""{ "step": "start" }""", _lambda.Event("srp-pre")["request"]!["validationData"]);
        Assert.Empty(_lambda.Calls("srp-post"));

        var signedIn = await _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, IdpFlows.Password, DateTimeOffset.UtcNow),
            ClientMetadata = new { step = "proof" },
        });

        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
        Assert.Single(_lambda.Calls("srp-pre"));
        JsonAssert.Same("""{ "step": "proof" }""", _lambda.Event("srp-post")["request"]!["clientMetadata"]);
    }

    [Fact]
    public async Task A_post_authentication_refusal_issues_no_tokens()
    {
        var client = await PoolWith($""" "PostAuthentication": "{LambdaStandIn.Arn("post-auth-refuses")}" """);
        _lambda.Program("post-auth-refuses", Answer.Throws("Too many sessions"));
        await _idp.ConfirmedUser(client, "dave");

        await IdpFlows.Refused("UserLambdaValidationException", () => PasswordAuth(client, "dave"), "PostAuthentication failed with error Too many sessions.");

        Assert.Equal(0, await RefreshTokens(client));
    }

    [Fact]
    public async Task Version_1_adds_overrides_and_suppresses_id_token_claims_but_never_the_reserved_ones()
    {
        var client = await PoolWith($""" "PreTokenGeneration": "{LambdaStandIn.Arn("pre-token-v1")}" """);
        _lambda.Program("pre-token-v1", Answer.Returns());
        var sub = await _idp.VerifiedUser(client, "erin", "erin@example.com");
        await _idp.Aws.Idp("AdminUpdateUserAttributes", new { UserPoolId = client.PoolId, Username = "erin", UserAttributes = new[] { new { Name = "name", Value = "Erin" } } });
        _lambda.Program("pre-token-v1", Answer.Returns(response => response["claimsOverrideDetails"] = JsonNode.Parse("""
            {
              "claimsToAddOrOverride": { "tenant": "acme", "email": "erin@acme.example", "sub": "forged", "iss": "https://evil.example" },
              "claimsToSuppress": ["name", "tenant", "token_use"]
            }
            """)));

        var result = await PasswordAuth(client, "erin");

        var id = Claims(result, "IdToken");
        Assert.Equal("erin@acme.example", id["email"]!.GetValue<string>());
        // Suppressed wins over added; the reserved claims stay Cognito's.
        Assert.False(id.ContainsKey("tenant"));
        Assert.False(id.ContainsKey("name"));
        Assert.Equal(sub, id["sub"]!.GetValue<string>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.EndsWith("/" + client.PoolId, id["iss"]!.GetValue<string>());
        // Version 1 leaves the access token alone.
        var access = Claims(result, "AccessToken");
        Assert.False(access.ContainsKey("tenant"));
        Assert.False(access.ContainsKey("email"));
    }

    [Fact]
    public async Task Version_1_groupOverrideDetails_replaces_the_groups_of_both_tokens_and_null_removes_them()
    {
        var client = await PoolWith($""" "PreTokenGeneration": "{LambdaStandIn.Arn("pre-token-groups")}" """);
        _lambda.Program("pre-token-groups", Answer.Returns());
        await _idp.ConfirmedUser(client, "frank");
        await _idp.Aws.Idp("CreateGroup", new { UserPoolId = client.PoolId, GroupName = "readers", RoleArn, Precedence = 1 });
        await _idp.Aws.Idp("AdminAddUserToGroup", new { UserPoolId = client.PoolId, Username = "frank", GroupName = "readers" });
        _lambda.Program("pre-token-groups", Answer.Returns(response => response["claimsOverrideDetails"] = JsonNode.Parse("""
            {
              "groupOverrideDetails": {
                "groupsToOverride": ["admins", "auditors"],
                "iamRolesToOverride": ["arn:aws:iam::000000000000:role/Admins"],
                "preferredRole": "arn:aws:iam::000000000000:role/Admins"
              }
            }
            """)));

        var result = await PasswordAuth(client, "frank");

        JsonAssert.Same($$"""{ "groupsToOverride": ["readers"], "iamRolesToOverride": ["{{RoleArn}}"], "preferredRole": "{{RoleArn}}" }""",
            _lambda.Event("pre-token-groups")["request"]!["groupConfiguration"]);
        var id = Claims(result, "IdToken");
        JsonAssert.Same("""["admins", "auditors"]""", id["cognito:groups"]);
        JsonAssert.Same("""["arn:aws:iam::000000000000:role/Admins"]""", id["cognito:roles"]);
        Assert.Equal("arn:aws:iam::000000000000:role/Admins", id["cognito:preferred_role"]!.GetValue<string>());
        JsonAssert.Same("""["admins", "auditors"]""", Claims(result, "AccessToken")["cognito:groups"]);

        _lambda.Program("pre-token-groups", Answer.Returns(response => response["claimsOverrideDetails"] = JsonNode.Parse("""{ "groupOverrideDetails": null }""")));
        var ungrouped = await PasswordAuth(client, "frank");
        Assert.False(Claims(ungrouped, "IdToken").ContainsKey("cognito:groups"));
        Assert.False(Claims(ungrouped, "IdToken").ContainsKey("cognito:roles"));
        Assert.False(Claims(ungrouped, "AccessToken").ContainsKey("cognito:groups"));
    }

    [Fact]
    public async Task Version_2_event_customises_both_tokens_and_the_access_tokens_scopes()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""
            { "LambdaConfig": { "PreTokenGenerationConfig": { "LambdaArn": "{{LambdaStandIn.Arn("pre-token-v2")}}", "LambdaVersion": "V2_0" } } }
            """));
        _lambda.Program("pre-token-v2", Answer.Returns());
        var sub = await _idp.ConfirmedUser(client, "gina");
        _lambda.Program("pre-token-v2", Answer.Returns(response => response["claimsAndScopeOverrideDetails"] = JsonNode.Parse("""
            {
              "idTokenGeneration": { "claimsToAddOrOverride": { "tier": "gold", "limits": { "daily": 5 } } },
              "accessTokenGeneration": {
                "claimsToAddOrOverride": { "roles": ["reader", "writer"], "beta": true, "client_id": "forged" },
                "claimsToSuppress": ["event_id"],
                "scopesToAdd": ["orders/read", "orders/write"],
                "scopesToSuppress": ["orders/write"]
              }
            }
            """)));

        var result = await PasswordAuth(client, "gina", clientMetadata: new { ignored = "yes" });

        JsonAssert.Same($$"""
            {
              "version": "2", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "gina",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "userAttributes": { "sub": "{{sub}}", "cognito:user_status": "CONFIRMED" },
                "groupConfiguration": { "groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null },
                "scopes": ["aws.cognito.signin.user.admin"]
              },
              "response": { "claimsAndScopeOverrideDetails": null }
            }
            """, _lambda.Event("pre-token-v2"));
        var id = Claims(result, "IdToken");
        Assert.Equal("gold", id["tier"]!.GetValue<string>());
        JsonAssert.Same("""{ "daily": 5 }""", id["limits"]);
        Assert.False(id.ContainsKey("roles"));
        var access = Claims(result, "AccessToken");
        JsonAssert.Same("""["reader", "writer"]""", access["roles"]);
        Assert.True(access["beta"]!.GetValue<bool>());
        Assert.Equal(client.Id, access["client_id"]!.GetValue<string>());
        Assert.False(access.ContainsKey("event_id"));
        Assert.Equal("aws.cognito.signin.user.admin orders/read", access["scope"]!.GetValue<string>());
        // The customised access token still serves the user's own operations.
        Assert.Equal("gina", (await _idp.GetUser(result["AuthenticationResult"]!["AccessToken"]!.GetValue<string>()))["Username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_3_event_customises_client_credentials_access_tokens_and_version_2_is_not_called_for_them()
    {
        var oauth = new OAuth.OAuthHttp(fixture.Host);
        async Task<TestClient> Machine(string version, string function)
        {
            var poolId = await _idp.CreatePool($$"""
                { "LambdaConfig": { "PreTokenGenerationConfig": { "LambdaArn": "{{LambdaStandIn.Arn(function)}}", "LambdaVersion": "{{version}}" } } }
                """);
            await _idp.Aws.Idp("CreateResourceServer", new
            {
                UserPoolId = poolId, Identifier = "orders", Name = "Orders",
                Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" }, new { ScopeName = "write", ScopeDescription = "Write" } },
            });
            return await _idp.CreateClient(poolId, """
                { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["orders/read", "orders/write"] }
                """);
        }
        var v3 = await Machine("V3_0", "pre-token-m2m");
        _lambda.Program("pre-token-m2m", Answer.Returns(response => response["claimsAndScopeOverrideDetails"] = JsonNode.Parse("""
            { "accessTokenGeneration": { "claimsToAddOrOverride": { "tenant": "acme" }, "scopesToSuppress": ["orders/write"] } }
            """)));

        var answer = await oauth.Token(OAuth.OAuthHttp.Basic(v3.Id, v3.Secret!), ("grant_type", "client_credentials"));

        JsonAssert.Same($$"""
            {
              "version": "3", "triggerSource": "TokenGeneration_ClientCredentials", "region": "us-east-1", "userPoolId": "{{v3.PoolId}}",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{v3.Id}}" },
              "request": {
                "userAttributes": {},
                "groupConfiguration": { "groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null },
                "scopes": ["orders/read", "orders/write"]
              },
              "response": { "claimsAndScopeOverrideDetails": null }
            }
            """, _lambda.Event("pre-token-m2m"));
        var access = TestJwt.Claims(answer.Body!["access_token"]!.GetValue<string>());
        Assert.Equal("acme", access["tenant"]!.GetValue<string>());
        Assert.Equal("orders/read", access["scope"]!.GetValue<string>());
        Assert.Equal(v3.Id, access["sub"]!.GetValue<string>());

        var v2 = await Machine("V2_0", "pre-token-m2m-v2");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await oauth.Token(OAuth.OAuthHttp.Basic(v2.Id, v2.Secret!), ("grant_type", "client_credentials"))).Status);
        Assert.Empty(_lambda.Calls("pre-token-m2m-v2"));
    }

    [Fact]
    public async Task Refreshes_and_new_password_challenges_have_their_own_sources_and_carry_the_client_metadata_they_are_given()
    {
        var client = await PoolWith($""" "PostAuthentication": "{LambdaStandIn.Arn("sources-post")}", "PreTokenGeneration": "{LambdaStandIn.Arn("sources-token")}" """);
        _lambda.Program("sources-post", Answer.Returns());
        _lambda.Program("sources-token", Answer.Returns());
        await _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "hana", TemporaryPassword = "Temp0rary!", MessageAction = "SUPPRESS" });
        var challenge = await PasswordAuth(client, "hana", "Temp0rary!");
        Assert.Empty(_lambda.Calls("sources-token"));

        var signedIn = await _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "hana", ["NEW_PASSWORD"] = "N3w-Passw0rd!" },
            ClientMetadata = new { step = "first-login" },
        });

        var onNewPassword = _lambda.Event("sources-token");
        Assert.Equal("TokenGeneration_NewPasswordChallenge", onNewPassword["triggerSource"]!.GetValue<string>());
        JsonAssert.Same("""{ "step": "first-login" }""", onNewPassword["request"]!["clientMetadata"]);
        JsonAssert.Same("""{ "step": "first-login" }""", _lambda.Event("sources-post")["request"]!["clientMetadata"]);

        var refreshToken = signedIn["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>();
        _lambda.Program("sources-token", Answer.Returns());
        await _idp.Refresh(client, refreshToken);
        var onRefresh = _lambda.Event("sources-token");
        Assert.Equal("TokenGeneration_RefreshTokens", onRefresh["triggerSource"]!.GetValue<string>());
        Assert.False(onRefresh["request"]!.AsObject().ContainsKey("clientMetadata"));

        _lambda.Program("sources-token", Answer.Returns());
        await _idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = refreshToken, ClientMetadata = new { app = "mobile" } });
        JsonAssert.Same("""{ "app": "mobile" }""", _lambda.Event("sources-token")["request"]!["clientMetadata"]);
        // A refresh authenticates nobody anew: post authentication ran once, at the sign-in.
        Assert.Single(_lambda.Calls("sources-post"));
    }

    [Fact]
    public async Task A_sign_in_at_the_managed_login_pages_runs_the_authentication_triggers_and_HostedAuth_at_the_code_exchange()
    {
        var pages = new LoginPagesClient(fixture.Host);
        var client = await pages.WebClient($$"""
            {
              "LambdaConfig": {
                "PreAuthentication": "{{LambdaStandIn.Arn("pages-pre-auth")}}", "PostAuthentication": "{{LambdaStandIn.Arn("pages-post-auth")}}",
                "PreTokenGenerationConfig": { "LambdaArn": "{{LambdaStandIn.Arn("pages-token")}}", "LambdaVersion": "V2_0" }
              }
            }
            """);
        foreach (var function in new[] { "pages-pre-auth", "pages-post-auth", "pages-token" }) _lambda.Program(function, Answer.Returns());
        await _idp.ConfirmedUser(client, "kate");
        _lambda.Program("pages-token", Answer.Returns(response => response["claimsAndScopeOverrideDetails"] = JsonNode.Parse("""
            { "accessTokenGeneration": { "scopesToAdd": ["reports/read"] } }
            """)));

        var back = await pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("scope", "openid email")), "kate");

        Assert.Equal(["pages-pre-auth", "pages-post-auth"], _lambda.Order("pages-pre-auth", "pages-post-auth", "pages-token"));
        var tokens = await pages.Exchange(client, back.RedirectParameters()["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var @event = _lambda.Event("pages-token");
        Assert.Equal("TokenGeneration_HostedAuth", @event["triggerSource"]!.GetValue<string>());
        JsonAssert.Same("""["openid", "email"]""", @event["request"]!["scopes"]);
        Assert.Equal("openid email reports/read", TestJwt.Claims(tokens.Body!["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pre_token_generation_refusal_at_the_code_exchange_is_an_OAuth_error_and_the_code_is_spent()
    {
        var pages = new LoginPagesClient(fixture.Host);
        var client = await pages.WebClient($$"""{ "LambdaConfig": { "PreTokenGeneration": "{{LambdaStandIn.Arn("pages-token-refuses")}}" } }""");
        await _idp.ConfirmedUser(client, "lena");
        var back = await pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("scope", "openid")), "lena");
        _lambda.Program("pages-token-refuses", Answer.Throws("Not today"));

        var refused = await pages.Exchange(client, back.RedirectParameters()["code"]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_request", refused.Error);
        Assert.Equal("PreTokenGeneration failed with error Not today.", refused.Body!["error_description"]!.GetValue<string>());
        Assert.Equal(0, await RefreshTokens(client));
        _lambda.Program("pages-token-refuses", Answer.Returns());
        Assert.Equal("invalid_grant", (await pages.Exchange(client, back.RedirectParameters()["code"])).Error);
    }

    [Fact]
    public async Task A_pre_token_generation_refusal_or_ill_shaped_answer_issues_no_tokens_and_stores_no_refresh_token()
    {
        var client = await PoolWith($""" "PreTokenGeneration": "{LambdaStandIn.Arn("pre-token-refuses")}" """);
        _lambda.Program("pre-token-refuses", Answer.Returns());
        await _idp.ConfirmedUser(client, "ivan");
        _lambda.Program("pre-token-refuses", Answer.Throws("No tokens for you"));

        await IdpFlows.Refused("UserLambdaValidationException", () => PasswordAuth(client, "ivan"), "PreTokenGeneration failed with error No tokens for you.");
        _lambda.Program("pre-token-refuses", Answer.Returns(response => response["claimsOverrideDetails"] = JsonNode.Parse("""{ "claimsToAddOrOverride": { "level": 3 } }""")));
        await IdpFlows.Refused("InvalidLambdaResponseException", () => PasswordAuth(client, "ivan"), "Unrecognizable lambda output");

        Assert.Equal(0, await RefreshTokens(client));
    }

    [Fact]
    public async Task A_refused_refresh_leaves_the_refresh_token_working()
    {
        var client = await PoolWith($""" "PreTokenGeneration": "{LambdaStandIn.Arn("pre-token-refresh")}" """,
            """{ "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 0 } }""");
        _lambda.Program("pre-token-refresh", Answer.Returns());
        await _idp.ConfirmedUser(client, "jack");
        var refreshToken = (await PasswordAuth(client, "jack"))["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>();
        _lambda.Program("pre-token-refresh", Answer.Throws("Not now"));

        await IdpFlows.Refused("UserLambdaValidationException",
            () => _idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = refreshToken }), "PreTokenGeneration failed with error Not now.");

        // Not rotated: the same refresh token still works.
        _lambda.Program("pre-token-refresh", Answer.Returns());
        var refreshed = await _idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = refreshToken });
        Assert.NotNull(refreshed["AuthenticationResult"]!["AccessToken"]);
    }
}
