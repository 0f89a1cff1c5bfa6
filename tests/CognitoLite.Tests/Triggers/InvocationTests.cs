using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Triggers;

public sealed class InvocationTestsOnPostgres(TriggerHost<OnPostgres> fixture) : InvocationContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class InvocationTestsOnSqlite(TriggerHost<OnSqlite> fixture) : InvocationContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// How a trigger's function is called and how its answers are read, through a pre sign-up (whose refusal must leave no
/// user): the Lambda Invoke API request, the webhooks, and every kind of failed answer.
/// </summary>
public abstract class InvocationContract(TriggerHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PreSignUpPool(string arn) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ "LambdaConfig": { "PreSignUp": "{{arn}}" } }"""));

    private async Task NoUser(TestClient client, string username) =>
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = username }));

    private static void AutoConfirm(JsonObject response) => response["autoConfirmUser"] = true;

    [Fact]
    public async Task The_Invoke_API_call_names_the_function_by_its_ARN_and_is_signed_for_its_region()
    {
        var arn = LambdaStandIn.Arn("signed", region: "eu-west-1");
        var client = await PreSignUpPool(arn);
        _lambda.Program("signed", Answer.Returns(AutoConfirm));

        var signedUp = await _idp.SignUp(client, "alice");

        Assert.True(signedUp["UserConfirmed"]!.GetValue<bool>());
        var call = Assert.Single(_lambda.Calls("signed"));
        Assert.True(call.InvokeApi);
        Assert.Equal("/2015-03-31/functions/" + Uri.EscapeDataString(arn) + "/invocations", call.RawTarget);
        Assert.Equal("RequestResponse", call.Headers["x-amz-invocation-type"]);
        Assert.Equal("application/json", call.Headers["content-type"]);
        Assert.Null(call.SignatureError);
        Assert.Equal((LambdaStandIn.AccessKeyId, "eu-west-1", "lambda"), (call.Signer!.AccessKeyId, call.Signer.Region, call.Signer.Service));
    }

    [Fact]
    public async Task A_missing_function_is_UnexpectedLambda_asked_once_and_leaves_no_user()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn("nobody-deployed-this"));

        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "bob"),
            "PreSignUp invocation failed due to error ResourceNotFoundException.");

        Assert.Single(_lambda.Calls("nobody-deployed-this"));
        await NoUser(client, "bob");
    }

    [Fact]
    public async Task An_answer_that_is_not_the_event_is_InvalidLambdaResponse_and_leaves_no_user()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn("garbled"));
        foreach (var body in new[] { "not json", "null", "[]", """{ "response": "yes" }""", """{ "response": { "autoConfirmUser": "yes" } }""" })
        {
            _lambda.Program("garbled", Answer.Body(body));

            await IdpFlows.Refused("InvalidLambdaResponseException", () => _idp.SignUp(client, "carol"), "Unrecognizable lambda output");

            Assert.Single(_lambda.Calls("garbled"));
            await NoUser(client, "carol");
        }
    }

    [Fact]
    public async Task An_event_returned_without_a_response_changes_nothing()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn("forgetful"));
        _lambda.Program("forgetful", Answer.Body("""{ "version": "1" }"""));

        var signedUp = await _idp.SignUp(client, "dave");

        Assert.False(signedUp["UserConfirmed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_throttled_or_failing_Invoke_API_is_asked_again_up_to_three_times()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn("flaky"));
        _lambda.Program("flaky", Answer.Status(429), Answer.Status(500), Answer.Returns(AutoConfirm));

        Assert.True((await _idp.SignUp(client, "erin"))["UserConfirmed"]!.GetValue<bool>());
        Assert.Equal(3, _lambda.Calls("flaky").Count);

        _lambda.Program("flaky", Answer.Status(503));
        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "frank"), "PreSignUp invocation failed due to error HTTP 503.");
        Assert.Equal(3, _lambda.Calls("flaky").Count);
        await NoUser(client, "frank");
    }

    [Fact]
    public async Task A_webhook_configured_by_name_gets_the_event_unsigned_and_answers_as_the_function()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn(TriggerHost.Hook));
        _lambda.Program(TriggerHost.Hook, Answer.Returns(AutoConfirm));

        Assert.True((await _idp.SignUp(client, "gina"))["UserConfirmed"]!.GetValue<bool>());

        var call = Assert.Single(_lambda.Calls(TriggerHost.Hook));
        Assert.False(call.InvokeApi);
        Assert.False(call.Headers.ContainsKey("authorization"));
        Assert.Equal("PreSignUp_SignUp", call.Event["triggerSource"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_configured_by_ARN_is_used_for_that_function()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn(TriggerHost.HookByArn));
        _lambda.Program(TriggerHost.HookByArn, Answer.Returns(AutoConfirm));

        Assert.True((await _idp.SignUp(client, "hana"))["UserConfirmed"]!.GetValue<bool>());

        Assert.False(Assert.Single(_lambda.Calls(TriggerHost.HookByArn)).InvokeApi);
    }

    [Fact]
    public async Task A_webhooks_error_answer_is_a_refusal_and_one_without_errorMessage_a_failure()
    {
        var client = await PreSignUpPool(LambdaStandIn.Arn(TriggerHost.Hook));
        _lambda.Program(TriggerHost.Hook, Answer.Throws("Invitation required"));

        await IdpFlows.Refused("UserLambdaValidationException", () => _idp.SignUp(client, "ivan"), "PreSignUp failed with error Invitation required.");
        Assert.Single(_lambda.Calls(TriggerHost.Hook));

        _lambda.Program(TriggerHost.Hook, Answer.Status(403, "Forbidden"));
        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "ivan"), "PreSignUp invocation failed due to error HTTP 403.");

        _lambda.Program(TriggerHost.Hook, Answer.Status(500, "oops"));
        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "ivan"), "PreSignUp invocation failed due to error HTTP 500.");
        Assert.Equal(3, _lambda.Calls(TriggerHost.Hook).Count);
        await NoUser(client, "ivan");
    }
}

public sealed class TimeoutTestsOnPostgres(ShortTimeoutTriggerHost<OnPostgres> fixture) : TimeoutContract(fixture), IClassFixture<ShortTimeoutTriggerHost<OnPostgres>>;

public sealed class TimeoutTestsOnSqlite(ShortTimeoutTriggerHost<OnSqlite> fixture) : TimeoutContract(fixture), IClassFixture<ShortTimeoutTriggerHost<OnSqlite>>;

/// <summary>A function that does not answer in time (the host gives each attempt 1 second instead of Cognito's 5).</summary>
public abstract class TimeoutContract(TriggerHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PreSignUpPool(string function) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ "LambdaConfig": { "PreSignUp": "{{LambdaStandIn.Arn(function)}}" } }"""));

    [Fact]
    public async Task A_function_that_never_answers_is_tried_three_times_then_UnexpectedLambda_with_no_user_left()
    {
        var client = await PreSignUpPool("silent");
        _lambda.Program("silent", Answer.Hangs);

        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "alice"),
            "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.");

        Assert.Equal(3, _lambda.Calls("silent").Count);
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "alice" }));
    }

    [Fact]
    public async Task An_attempt_that_timed_out_is_not_waited_for_the_next_answer_counts()
    {
        var client = await PreSignUpPool("slow-then-quick");
        _lambda.Program("slow-then-quick", Answer.Hangs, Answer.Returns(response => response["autoConfirmUser"] = true));

        Assert.True((await _idp.SignUp(client, "bob"))["UserConfirmed"]!.GetValue<bool>());

        Assert.Equal(2, _lambda.Calls("slow-then-quick").Count);
    }
}

public sealed class UnconfiguredTriggerTestsOnPostgres(PostgresHost fixture) : UnconfiguredTriggerContract(fixture), IClassFixture<PostgresHost>;

public sealed class UnconfiguredTriggerTestsOnSqlite(SqliteHost fixture) : UnconfiguredTriggerContract(fixture), IClassFixture<SqliteHost>;

/// <summary>A pool naming a function the server has no way to invoke (no Lambda endpoint, no webhook): as a missing function.</summary>
public abstract class UnconfiguredTriggerContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    [Fact]
    public async Task The_trigger_fails_as_UnexpectedLambda_and_leaves_no_user()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""{ "LambdaConfig": { "PreSignUp": "{{LambdaStandIn.Arn("undeployed")}}" } }"""));

        await IdpFlows.Refused("UnexpectedLambdaException", () => _idp.SignUp(client, "alice"), "PreSignUp invocation failed due to error ResourceNotFoundException.");

        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "alice" }));
    }
}
