using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Triggers;

public sealed class CustomAuthTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : CustomAuthTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class CustomAuthTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : CustomAuthTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// CUSTOM_AUTH: the define, create and verify auth challenge functions' events round after round, SRP first when the
/// client asks, tokens when the define function issues them (with pre and post authentication and pre token generation),
/// and sign-ins that fail, or are refused for their configuration, with nothing issued.
/// </summary>
public abstract class CustomAuthTriggerContract(TriggerHost fixture)
{
    private const string Secret = "the-secret-answer";
    private static readonly string[] CustomFlows = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    /// <summary>A pool whose define, create and verify functions are "{prefix}-define", "{prefix}-create" and "{prefix}-verify", and a client for CUSTOM_AUTH.</summary>
    private async Task<TestClient> PoolWith(string prefix, string more = "", string? clientSettings = null) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""
            {
              "LambdaConfig": {
                "DefineAuthChallenge": "{{LambdaStandIn.Arn(prefix + "-define")}}", "CreateAuthChallenge": "{{LambdaStandIn.Arn(prefix + "-create")}}",
                "VerifyAuthChallengeResponse": "{{LambdaStandIn.Arn(prefix + "-verify")}}" {{more}}
              }
            }
            """), clientSettings ?? $$"""{ "ExplicitAuthFlows": {{System.Text.Json.JsonSerializer.Serialize(CustomFlows)}} }""");

    private static Answer Next(string challenge) => Answer.Returns(response => response["challengeName"] = challenge);

    private static readonly Answer IssueTokens = Answer.Returns(response => response["issueTokens"] = true);

    private static readonly Answer FailAuthentication = Answer.Returns(response => response["failAuthentication"] = true);

    private static Answer Question(string metadata) => Answer.Returns(response =>
    {
        response["publicChallengeParameters"] = new JsonObject { ["question"] = "What is the answer?" };
        response["privateChallengeParameters"] = new JsonObject { ["answer"] = Secret };
        response["challengeMetadata"] = metadata;
    });

    private static Answer Verdict(bool correct) => Answer.Returns(response => response["answerCorrect"] = correct);

    private Task<JsonNode> CustomAuth(TestClient client, string username, Dictionary<string, string>? more = null)
    {
        var parameters = new Dictionary<string, string>(more ?? []) { ["USERNAME"] = username };
        return _idp.InitiateAuth(client, "CUSTOM_AUTH", parameters);
    }

    private Task<JsonNode> AnswerChallenge(TestClient client, JsonNode challenge, string username, string answer, object? clientMetadata = null) =>
        _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = challenge["Session"].Str(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = username, ["ANSWER"] = answer },
            ClientMetadata = clientMetadata,
        });

    private async Task<long> RefreshTokens(TestClient client) =>
        Convert.ToInt64(await _idp.Scalar("""SELECT count(*) FROM "RefreshTokens" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId)));

    [Fact]
    public async Task A_wrong_answer_then_a_right_one_with_every_event_field_by_field_then_tokens()
    {
        var client = await PoolWith("rounds", $"""
            , "PreAuthentication": "{LambdaStandIn.Arn("rounds-pre")}", "PostAuthentication": "{LambdaStandIn.Arn("rounds-post")}",
            "PreTokenGeneration": "{LambdaStandIn.Arn("rounds-token")}"
            """);
        foreach (var function in new[] { "rounds-pre", "rounds-post", "rounds-token" }) _lambda.Program(function, Answer.Returns());
        var sub = await _idp.ConfirmedUser(client, "alice");
        _lambda.Program("rounds-define", Next("CUSTOM_CHALLENGE"), Next("CUSTOM_CHALLENGE"), IssueTokens);
        _lambda.Program("rounds-create", Question("QUESTION-1"), Question("QUESTION-2"));
        _lambda.Program("rounds-verify", Verdict(false), Verdict(true));
        var attributes = $$"""{ "sub": "{{sub}}", "cognito:user_status": "CONFIRMED" }""";
        string Envelope(string source) => $$"""
            "version": "1", "triggerSource": "{{source}}", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
            "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" }
            """;

        var first = await CustomAuth(client, "alice");

        Assert.Equal("CUSTOM_CHALLENGE", first["ChallengeName"].Str());
        JsonAssert.Same("""{ "question": "What is the answer?", "USERNAME": "alice" }""", first["ChallengeParameters"]);
        Assert.DoesNotContain(Secret, first.ToJsonString());
        JsonAssert.Same($$"""
            {
              {{Envelope("DefineAuthChallenge_Authentication")}},
              "request": { "userAttributes": {{attributes}}, "session": [], "userNotFound": false },
              "response": { "challengeName": null, "issueTokens": false, "failAuthentication": false }
            }
            """, _lambda.Calls("rounds-define")[0].Event);
        JsonAssert.Same($$"""
            {
              {{Envelope("CreateAuthChallenge_Authentication")}},
              "request": { "userAttributes": {{attributes}}, "challengeName": "CUSTOM_CHALLENGE", "session": [], "userNotFound": false },
              "response": { "publicChallengeParameters": {}, "privateChallengeParameters": {}, "challengeMetadata": null }
            }
            """, _lambda.Calls("rounds-create")[0].Event);
        // The private parameters are kept encrypted with the session.
        var stored = Convert.ToString(await _idp.Scalar("""SELECT "Data" FROM "AuthSessions" WHERE "ClientId" = @client""", ("client", client.Id)));
        Assert.Contains("privateChallengeParameters", stored);
        Assert.DoesNotContain(Secret, stored);

        var second = await AnswerChallenge(client, first, "alice", "41", new { attempt = "1" });

        Assert.Equal("CUSTOM_CHALLENGE", second["ChallengeName"].Str());
        Assert.NotEqual(first["Session"].Str(), second["Session"].Str());
        JsonAssert.Same($$"""
            {
              {{Envelope("VerifyAuthChallengeResponse_Authentication")}},
              "request": {
                "userAttributes": {{attributes}}, "privateChallengeParameters": { "answer": "{{Secret}}" }, "challengeAnswer": "41",
                "clientMetadata": { "attempt": "1" }, "userNotFound": false
              },
              "response": { "answerCorrect": false }
            }
            """, _lambda.Calls("rounds-verify")[0].Event);
        var secondDefine = _lambda.Calls("rounds-define")[1].Event["request"]!;
        JsonAssert.Same("""[{ "challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "QUESTION-1" }]""", secondDefine["session"]);
        JsonAssert.Same("""{ "attempt": "1" }""", secondDefine["clientMetadata"]);
        // A session is good for one answer.
        await IdpFlows.Refused("NotAuthorizedException", () => AnswerChallenge(client, first, "alice", Secret), "Invalid session for the user.");

        var signedIn = await AnswerChallenge(client, second, "alice", Secret, new { attempt = "2" });

        Assert.NotNull(signedIn["AuthenticationResult"]!["RefreshToken"]);
        JsonAssert.Same("""
            [
              { "challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "QUESTION-1" },
              { "challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "QUESTION-2" }
            ]
            """, _lambda.Calls("rounds-define")[2].Event["request"]!["session"]);
        Assert.Equal(["rounds-pre", "rounds-post", "rounds-token"], _lambda.Order("rounds-pre", "rounds-post", "rounds-token"));
        Assert.Equal("TokenGeneration_Authentication", _lambda.Event("rounds-token")["triggerSource"].Str());
        JsonAssert.Same("""{ "attempt": "2" }""", _lambda.Event("rounds-post")["request"]!["clientMetadata"]);
        Assert.Equal(3, _lambda.Calls("rounds-define").Count);
    }

    [Fact]
    public async Task With_SRP_first_the_define_function_sees_SRP_A_then_PASSWORD_VERIFIER()
    {
        var client = await PoolWith("srp");
        await _idp.ConfirmedUser(client, "bob");
        _lambda.Program("srp-define", Next("PASSWORD_VERIFIER"), Next("CUSTOM_CHALLENGE"), IssueTokens);
        _lambda.Program("srp-create", Question("AFTER-PASSWORD"));
        _lambda.Program("srp-verify", Verdict(true));
        var srp = new SrpClient();

        var verifier = await CustomAuth(client, "bob", new() { ["CHALLENGE_NAME"] = "SRP_A", ["SRP_A"] = srp.SrpA });

        Assert.Equal("PASSWORD_VERIFIER", verifier["ChallengeName"].Str());
        JsonAssert.Same("""[{ "challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null }]""", _lambda.Event("srp-define")["request"]!["session"]);
        Assert.Empty(_lambda.Calls("srp-create"));

        var challenge = await _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, IdpFlows.Password, DateTimeOffset.UtcNow),
        });

        Assert.Equal("CUSTOM_CHALLENGE", challenge["ChallengeName"].Str());
        var afterPassword = """
            [{ "challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null },
             { "challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null }]
            """;
        JsonAssert.Same(afterPassword, _lambda.Calls("srp-define")[1].Event["request"]!["session"]);
        JsonAssert.Same(afterPassword, _lambda.Event("srp-create")["request"]!["session"]);
        var signedIn = await AnswerChallenge(client, challenge, "bob", Secret);
        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task A_wrong_password_before_the_custom_challenge_fails_as_a_wrong_password_does()
    {
        var client = await PoolWith("srp-wrong");
        await _idp.ConfirmedUser(client, "carol");
        _lambda.Program("srp-wrong-define", Next("PASSWORD_VERIFIER"));
        var srp = new SrpClient();
        var verifier = await CustomAuth(client, "carol", new() { ["CHALLENGE_NAME"] = "SRP_A", ["SRP_A"] = srp.SrpA });

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, "Wr0ng-password!", DateTimeOffset.UtcNow),
        }), "Incorrect username or password.");

        Assert.Single(_lambda.Calls("srp-wrong-define"));
    }

    [Fact]
    public async Task FailAuthentication_at_the_start_or_after_an_answer_is_an_incorrect_password_and_issues_nothing()
    {
        var client = await PoolWith("fails");
        await _idp.ConfirmedUser(client, "dave");
        _lambda.Program("fails-define", FailAuthentication);

        await IdpFlows.Refused("NotAuthorizedException", () => CustomAuth(client, "dave"), "Incorrect username or password.");
        Assert.Empty(_lambda.Calls("fails-create"));

        _lambda.Program("fails-define", Next("CUSTOM_CHALLENGE"), FailAuthentication);
        _lambda.Program("fails-create", Question("ONLY-TRY"));
        _lambda.Program("fails-verify", Verdict(false));
        var challenge = await CustomAuth(client, "dave");
        await IdpFlows.Refused("NotAuthorizedException", () => AnswerChallenge(client, challenge, "dave", "wrong"), "Incorrect username or password.");

        Assert.Equal(0, await RefreshTokens(client));
    }

    [Fact]
    public async Task A_client_without_ALLOW_CUSTOM_AUTH_or_a_pool_without_the_functions_is_refused()
    {
        var client = await PoolWith("refused", clientSettings: """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        await IdpFlows.Refused("InvalidParameterException", () => CustomAuth(client, "erin"), "CUSTOM_AUTH flow not enabled for this client");

        var bare = await _idp.CreatePoolAndClient(clientSettingsJson: """{ "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH"] }""");
        await _idp.ConfirmedUser(bare, "erin");
        await IdpFlows.Refused("InvalidParameterException", () => CustomAuth(bare, "erin"), "Custom auth lambda trigger is not configured for the user pool.");
        Assert.Empty(_lambda.Calls("refused-define"));
    }

    [Fact]
    public async Task A_define_answer_naming_a_challenge_that_cannot_come_next_is_InvalidLambdaResponse()
    {
        var client = await PoolWith("bad");
        await _idp.ConfirmedUser(client, "frank");

        foreach (var challenge in new[] { "SMS_MFA", "PASSWORD_VERIFIER" })
        {
            _lambda.Program("bad-define", Next(challenge));
            await IdpFlows.Refused("InvalidLambdaResponseException", () => CustomAuth(client, "frank"), "Unrecognizable lambda output");
        }
        _lambda.Program("bad-define", Answer.Returns());
        await IdpFlows.Refused("InvalidLambdaResponseException", () => CustomAuth(client, "frank"), "Unrecognizable lambda output");

        Assert.Empty(_lambda.Calls("bad-create"));
        Assert.Equal(0L, Convert.ToInt64(await _idp.Scalar("""SELECT count(*) FROM "AuthSessions" WHERE "ClientId" = @client""", ("client", client.Id))));
    }

    [Fact]
    public async Task An_unknown_user_is_challenged_with_userNotFound_answered_as_a_real_user_answering_wrong_and_never_signed_in()
    {
        var client = await PoolWith("unknown");
        await _idp.ConfirmedUser(client, "gina");

        // The same functions for a real user who answers wrong twice and for a name the pool does not have: the same answers.
        var answers = new List<string>();
        foreach (var name in new[] { "gina", "ghost" })
        {
            _lambda.Program("unknown-define", Next("CUSTOM_CHALLENGE"), Next("CUSTOM_CHALLENGE"), FailAuthentication);
            _lambda.Program("unknown-create", Question("DECOY"));
            _lambda.Program("unknown-verify", Verdict(false));
            var first = await CustomAuth(client, name);
            var second = await AnswerChallenge(client, first, name, "wrong");
            var refused = await AwsClient.Fails(() => AnswerChallenge(client, second, name, "wrong"));
            var replayed = await AwsClient.Fails(() => AnswerChallenge(client, second, name, "wrong"));
            answers.Add(string.Join(" | ", first["ChallengeName"].Str(), string.Join(",", first["ChallengeParameters"]!.AsObject().Select(p => p.Key)),
                second["ChallengeName"].Str(), first["Session"].Str().Length, refused.Type, refused.AwsMessage, replayed.AwsMessage));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Equal("CUSTOM_CHALLENGE | question,USERNAME | CUSTOM_CHALLENGE | 128 | NotAuthorizedException | Incorrect username or password. | Invalid session for the user.", answers[1]);
        JsonAssert.Same("""{ "userAttributes": {}, "session": [], "userNotFound": true }""", _lambda.Calls("unknown-define")[0].Event["request"]);
        JsonAssert.Same("""
            { "userAttributes": {}, "session": [{ "challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": null }], "userNotFound": true }
            """, _lambda.Calls("unknown-define")[1].Event["request"]);
        Assert.Equal("ghost", _lambda.Calls("unknown-create")[0].Event["userName"].Str());
        // A decoy's answer is wrong whatever it is: the verify function has nothing to check it against.
        Assert.Empty(_lambda.Calls("unknown-verify"));

        _lambda.Program("unknown-define", IssueTokens);
        await IdpFlows.Refused("NotAuthorizedException", () => CustomAuth(client, "ghost"), "Incorrect username or password.");

        var legacy = await _idp.CreateClient(client.PoolId, $$"""{ "ExplicitAuthFlows": {{System.Text.Json.JsonSerializer.Serialize(CustomFlows)}}, "PreventUserExistenceErrors": "LEGACY" }""");
        _lambda.Program("unknown-define", IssueTokens);
        await IdpFlows.Refused("UserNotFoundException", () => CustomAuth(legacy, "ghost"));
        Assert.Empty(_lambda.Calls("unknown-define"));
    }

    [Fact]
    public async Task An_unknown_users_SRP_first_is_refused_as_a_wrong_password()
    {
        var client = await PoolWith("unknown-srp");
        await _idp.ConfirmedUser(client, "hana");
        var srp = new SrpClient();
        _lambda.Program("unknown-srp-define", Next("PASSWORD_VERIFIER"));
        Task<JsonNode> Start(string name) => CustomAuth(client, name, new() { ["CHALLENGE_NAME"] = "SRP_A", ["SRP_A"] = srp.SrpA });
        Task<JsonNode> Prove(JsonNode verifier) => _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, "Wr0ng-password!", DateTimeOffset.UtcNow),
        });

        var (known, unknown) = (await Start("hana"), await Start("ghost"));

        Assert.Equal((known["ChallengeName"].Str(), string.Join(",", known["ChallengeParameters"]!.AsObject().Select(p => p.Key))),
            (unknown["ChallengeName"].Str(), string.Join(",", unknown["ChallengeParameters"]!.AsObject().Select(p => p.Key))));
        var (knownRefusal, unknownRefusal) = (await AwsClient.Fails(() => Prove(known)), await AwsClient.Fails(() => Prove(unknown)));
        Assert.Equal((knownRefusal.Type, knownRefusal.AwsMessage), (unknownRefusal.Type, unknownRefusal.AwsMessage));
        Assert.Equal("Incorrect username or password.", unknownRefusal.AwsMessage);
    }

    [Fact]
    public async Task The_admin_flow_passes_AdminRespondToAuthChallenges_client_metadata_and_not_AdminInitiateAuths()
    {
        var client = await PoolWith("admin");
        await _idp.ConfirmedUser(client, "gina");
        _lambda.Program("admin-define", Next("CUSTOM_CHALLENGE"), IssueTokens);
        _lambda.Program("admin-create", Question("ADMIN"));
        _lambda.Program("admin-verify", Verdict(true));

        var challenge = await _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            AuthFlow = "CUSTOM_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "gina" },
            ClientMetadata = new { from = "initiate" },
        });
        var signedIn = await _idp.Aws.Idp("AdminRespondToAuthChallenge", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = challenge["Session"].Str(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "gina", ["ANSWER"] = Secret },
            ClientMetadata = new { from = "respond" },
        });

        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
        Assert.False(_lambda.Calls("admin-define")[0].Event["request"]!.AsObject().ContainsKey("clientMetadata"));
        Assert.False(_lambda.Event("admin-create")["request"]!.AsObject().ContainsKey("clientMetadata"));
        JsonAssert.Same("""{ "from": "respond" }""", _lambda.Event("admin-verify")["request"]!["clientMetadata"]);
        JsonAssert.Same("""{ "from": "respond" }""", _lambda.Calls("admin-define")[1].Event["request"]!["clientMetadata"]);
    }
}
