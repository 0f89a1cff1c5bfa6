using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Credentials;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Triggers;

public sealed class CustomSenderTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : CustomSenderTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class CustomSenderTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : CustomSenderTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// Custom email and SMS senders: the event with the code (base64, in development mode: CognitoLite has no KMS to encrypt
/// it), the pool sending nothing itself and asking no custom message, and a sender's refusal failing the operation.
/// </summary>
public abstract class CustomSenderTriggerContract(TriggerHost fixture)
{
    private const string KmsKey = "arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555";

    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PoolWith(string sender, string function) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""
            {
              "AutoVerifiedAttributes": ["email"],
              "LambdaConfig": {
                "{{sender}}": { "LambdaArn": "{{LambdaStandIn.Arn(function)}}", "LambdaVersion": "V1_0" }, "KMSKeyID": "{{KmsKey}}",
                "CustomMessage": "{{LambdaStandIn.Arn(function + "-message")}}"
              }
            }
            """));

    private static string Decoded(JsonObject @event) => Encoding.UTF8.GetString(Convert.FromBase64String(@event["request"]!["code"].Str()));

    [Fact]
    public async Task CustomEmailSender_gets_the_code_base64_encoded_and_the_pool_sends_and_asks_nothing_itself()
    {
        var client = await PoolWith("CustomEmailSender", "email-sender");
        _lambda.Program("email-sender", Answer.Body("null"));
        _lambda.Program("email-sender-message", Answer.Returns());

        var signedUp = await _idp.Aws.Idp("SignUp", new
        {
            ClientId = client.Id,
            Username = "alice",
            Password = IdpFlows.Password,
            UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" } },
            ClientMetadata = new { lang = "en" },
        });

        var @event = _lambda.Event("email-sender");
        var code = Decoded(@event);
        Assert.Matches("^[0-9]{6}$", code);
        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "CustomEmailSender_SignUp", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "type": "customEmailSenderRequestV1", "code": "{{@event["request"]!["code"].Str()}}",
                "userAttributes": { "sub": "{{signedUp["UserSub"].Str()}}", "email": "alice@example.com", "cognito:user_status": "UNCONFIRMED" },
                "clientMetadata": { "lang": "en" }
              },
              "response": {}
            }
            """, @event);
        Assert.Equal("EMAIL", signedUp["CodeDeliveryDetails"]!["DeliveryMedium"].Str());
        Assert.Empty(await _idp.Messages(client.PoolId, "alice"));
        Assert.Empty(_lambda.Calls("email-sender-message"));
        await _idp.ConfirmSignUp(client, "alice", code);
    }

    [Fact]
    public async Task CustomSMSSender_delivers_the_temporary_password_and_email_still_goes_the_pools_way()
    {
        var client = await PoolWith("CustomSMSSender", "sms-sender");
        _lambda.Program("sms-sender", Answer.Returns());
        _lambda.Program("sms-sender-message", Answer.Returns());

        await _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "bob",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = new[] { new { Name = "email", Value = "bob@example.com" }, new { Name = "phone_number", Value = "+15555550100" } },
            DesiredDeliveryMediums = new[] { "SMS", "EMAIL" },
        });

        var @event = _lambda.Event("sms-sender");
        Assert.Equal(("CustomSMSSender_AdminCreateUser", "customSMSSenderRequestV1", "CLIENT_ID_NOT_APPLICABLE"),
            (@event["triggerSource"].Str(), @event["request"]!["type"].Str(), @event["callerContext"]!["clientId"].Str()));
        Assert.Equal("Temp0rary!", Decoded(@event));
        Assert.Equal("+15555550100", @event["request"]!["userAttributes"]!["phone_number"].Str());
        // The email is the pool's to send, so the custom message function is asked for it.
        Assert.Equal("CustomMessage_AdminCreateUser", _lambda.Event("sms-sender-message")["triggerSource"].Str());
        Assert.Equal(["EMAIL"], (await _idp.Messages(client.PoolId, "bob")).Select(m => m!["medium"].Str()));
    }

    [Fact]
    public async Task A_code_for_a_new_email_waiting_for_verification_goes_to_it_in_the_senders_event()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""
            {
              "AutoVerifiedAttributes": ["email"],
              "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
              "LambdaConfig": { "CustomEmailSender": { "LambdaArn": "{{LambdaStandIn.Arn("pending-sender")}}", "LambdaVersion": "V1_0" }, "KMSKeyID": "{{KmsKey}}" }
            }
            """));
        _lambda.Program("pending-sender", Answer.Returns());
        await _idp.SignUp(client, "carol", IdpFlows.Password, ("email", "carol@example.com"));
        await _idp.ConfirmSignUp(client, "carol", Decoded(_lambda.Event("pending-sender")));
        var accessToken = (await _idp.SignIn(client, "carol"))["AccessToken"].Str();
        _lambda.Program("pending-sender", Answer.Returns());

        await _idp.Aws.Idp("UpdateUserAttributes", new { AccessToken = accessToken, UserAttributes = new[] { new { Name = "email", Value = "carol.new@example.com" } } });

        var @event = _lambda.Event("pending-sender");
        Assert.Equal(("CustomEmailSender_UpdateUserAttribute", "carol.new@example.com"), (@event["triggerSource"].Str(), @event["request"]!["userAttributes"]!["email"].Str()));
        await _idp.Aws.Idp("VerifyUserAttribute", new { AccessToken = accessToken, AttributeName = "email", Code = Decoded(@event) });
        Assert.Equal("carol.new@example.com", (await _idp.UserAttributes(accessToken))["email"]);
    }

    [Fact]
    public async Task A_senders_refusal_fails_the_operation_and_the_pool_sends_nothing()
    {
        var client = await PoolWith("CustomEmailSender", "refusing-sender");
        _lambda.Program("refusing-sender", Answer.Returns());
        await _idp.SignUp(client, "dave", IdpFlows.Password, ("email", "dave@example.com"));
        await _idp.ConfirmSignUp(client, "dave", Decoded(_lambda.Event("refusing-sender")));
        _lambda.Program("refusing-sender", Answer.Throws("Mail provider is down"));

        await IdpFlows.Refused("UserLambdaValidationException", () => _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "dave" }),
            "CustomEmailSender failed with error Mail provider is down.");

        Assert.Empty(await _idp.Messages(client.PoolId, "dave"));
    }
}

public sealed class CustomSenderProductionTestsOnPostgres(ProductionHost<OnPostgres> fixture) : CustomSenderProductionContract(fixture), IClassFixture<ProductionHost<OnPostgres>>;

public sealed class CustomSenderProductionTestsOnSqlite(ProductionHost<OnSqlite> fixture) : CustomSenderProductionContract(fixture), IClassFixture<ProductionHost<OnSqlite>>;

/// <summary>Production mode refuses custom senders rather than hand them codes in the clear: CognitoLite has no KMS.</summary>
public abstract class CustomSenderProductionContract(ProductionHost fixture)
{
    [Fact]
    public async Task CreateUserPool_and_UpdateUserPool_refuse_a_custom_sender()
    {
        var aws = Signed();
        var sender = new { LambdaArn = LambdaStandIn.Arn("sender"), LambdaVersion = "V1_0" };

        await IdpFlows.Refused("InvalidParameterException", () => aws.Idp("CreateUserPool", new { PoolName = "senders", LambdaConfig = new { CustomEmailSender = sender } }),
            "CustomEmailSender needs AWS KMS to encrypt codes, which CognitoLite does not have: custom senders work in development mode only.");
        var poolId = (await aws.Idp("CreateUserPool", new { PoolName = "senders" }))["UserPool"]!["Id"].Str();
        await IdpFlows.Refused("InvalidParameterException", () => aws.Idp("UpdateUserPool", new { UserPoolId = poolId, LambdaConfig = new { CustomSMSSender = sender } }),
            "CustomSMSSender needs AWS KMS to encrypt codes, which CognitoLite does not have: custom senders work in development mode only.");
        Assert.Null((await aws.Idp("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!["LambdaConfig"]!["CustomSMSSender"]);
    }

    /// <summary>An AWS JSON client whose requests the AWS SDK signs with the production host's admin key.</summary>
    private AwsClient Signed()
    {
        var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey),
            Region = RegionEndpoint.USEast1,
            Service = "cognito-idp",
        }, fixture.Host.Server.CreateHandler());
        return new AwsClient(new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress });
    }
}
