using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Triggers;

namespace CognitoLite.Tests.Devices;

public sealed class DeviceTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : DeviceTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class DeviceTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : DeviceTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>What post authentication and pre token generation are told of devices: newDeviceUsed, and the device sign-in's trigger source.</summary>
public abstract class DeviceTriggerContract(TriggerHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private Task<JsonNode> PasswordAuth(TestClient client, string username, string? deviceKey = null)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = IdpFlows.Password };
        if (deviceKey is not null) parameters["DEVICE_KEY"] = deviceKey;
        return _idp.InitiateAuth(client, "USER_PASSWORD_AUTH", parameters);
    }

    private Task<JsonNode> Respond(TestClient client, string challenge, string session, Dictionary<string, string> responses) =>
        _idp.Aws.Idp("RespondToAuthChallenge", new { ClientId = client.Id, ChallengeName = challenge, Session = session, ChallengeResponses = responses });

    private bool NewDeviceUsed(string function) => _lambda.Event(function)["request"]!["newDeviceUsed"]!.GetValue<bool>();

    [Fact]
    public async Task Post_authentication_hears_of_new_devices_and_pre_token_generation_of_device_sign_ins()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""
            {
              "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false },
              "LambdaConfig": { "PostAuthentication": "{{LambdaStandIn.Arn("device-post")}}", "PreTokenGeneration": "{{LambdaStandIn.Arn("device-token")}}" }
            }
            """));
        await _idp.ConfirmedUser(client, "mia");
        _lambda.Program("device-post", Answer.Returns());
        _lambda.Program("device-token", Answer.Returns());

        var tokens = (await PasswordAuth(client, "mia"))["AuthenticationResult"]!;

        Assert.True(NewDeviceUsed("device-post"));
        Assert.Equal("TokenGeneration_Authentication", _lambda.Event("device-token")["triggerSource"]!.GetValue<string>());
        var device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);
        await _idp.Aws.Idp("ConfirmDevice", new { AccessToken = tokens["AccessToken"]!.GetValue<string>(), device.DeviceKey, DeviceSecretVerifierConfig = device.VerifierConfig() });

        _lambda.Program("device-post", Answer.Returns());
        _lambda.Program("device-token", Answer.Returns());
        var challenge = await PasswordAuth(client, "mia", device.DeviceKey);
        var srp = new SrpClient();
        var verifier = await Respond(client, "DEVICE_SRP_AUTH", challenge["Session"]!.GetValue<string>(),
            new() { ["USERNAME"] = "mia", ["DEVICE_KEY"] = device.DeviceKey, ["SRP_A"] = srp.SrpA });
        await Respond(client, "DEVICE_PASSWORD_VERIFIER", verifier["Session"]!.GetValue<string>(),
            srp.AnswerDevice(device, verifier["ChallengeParameters"]!, DateTimeOffset.UtcNow));

        Assert.False(NewDeviceUsed("device-post"));
        Assert.Equal("TokenGeneration_AuthenticateDevice", _lambda.Event("device-token")["triggerSource"]!.GetValue<string>());
    }
}
