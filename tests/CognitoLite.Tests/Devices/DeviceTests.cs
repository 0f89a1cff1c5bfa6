using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Mfa;
using CognitoLite.Tests.OAuth;

namespace CognitoLite.Tests.Devices;

public sealed class DeviceTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : DeviceContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class DeviceTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : DeviceContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// Remembered devices on both stores: NewDeviceMetadata and ConfirmDevice, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER (with
/// a device SRP client computing as amazon-cognito-identity-js does), MFA suppressed by a remembered device, refresh tokens
/// bound to their device, and the device operations of the user and the admin. The host's clock is a ManualClock.
/// </summary>
public abstract class DeviceContract(ManualClockHost fixture)
{
    private const string Always = """{ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false }""";
    private const string OptIn = """{ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true }""";
    private const string Flows = """{ "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";
    private const string DeviceNotFound = "Device does not exist.";
    private const string UnusedKey = "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    private readonly MfaFlows _mfa = new(fixture);

    private IdpFlows Idp => _mfa.Idp;

    private DateTimeOffset Now => _mfa.Clock.GetUtcNow();

    /// <summary>A pool with this DeviceConfiguration (none when null) and SMS MFA in <paramref name="mfa"/> mode when given; a password, SRP and refresh client.</summary>
    private async Task<TestClient> Pool(string? deviceConfiguration = Always, string? mfa = null)
    {
        var settings = deviceConfiguration is null ? null : $$"""{ "AutoVerifiedAttributes": ["email"], "DeviceConfiguration": {{deviceConfiguration}} }""";
        var client = await Idp.CreateClient(await Idp.CreatePool(settings), Flows);
        if (mfa is not null)
        {
            var config = JsonNode.Parse(MfaFlows.Sms)!.AsObject();
            config["UserPoolId"] = client.PoolId;
            config["MfaConfiguration"] = mfa;
            await Idp.Aws.Idp("SetUserPoolMfaConfig", config.ToJsonString());
        }
        return client;
    }

    private Task<JsonNode> PasswordAuth(TestClient client, string username, string? deviceKey = null)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = IdpFlows.Password };
        if (deviceKey is not null) parameters["DEVICE_KEY"] = deviceKey;
        return Idp.InitiateAuth(client, "USER_PASSWORD_AUTH", parameters);
    }

    private Task<JsonNode> Confirm(JsonNode tokens, DeviceSecret device, string? name = "phone") =>
        Idp.Aws.Idp("ConfirmDevice", new
        {
            AccessToken = tokens["AccessToken"].Str(),
            device.DeviceKey,
            DeviceSecretVerifierConfig = device.VerifierConfig(),
            DeviceName = name,
        });

    /// <summary>A sign-in on a new device, confirmed: the device's secret and the sign-in's tokens.</summary>
    private async Task<(DeviceSecret Device, JsonNode Tokens)> ConfirmedDevice(TestClient client, string username)
    {
        var tokens = (await PasswordAuth(client, username))["AuthenticationResult"]!;
        var device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);
        await Confirm(tokens, device);
        return (device, tokens);
    }

    private async Task<JsonNode> DevicePasswordVerifier(TestClient client, JsonNode challenge, DeviceSecret device, string username, SrpClient srp)
    {
        Assert.Equal("DEVICE_SRP_AUTH", challenge["ChallengeName"].Str());
        var verifier = await _mfa.Respond(client, "DEVICE_SRP_AUTH", challenge["Session"].Str(),
            new() { ["USERNAME"] = username, ["DEVICE_KEY"] = device.DeviceKey, ["SRP_A"] = srp.SrpA });
        Assert.Equal("DEVICE_PASSWORD_VERIFIER", verifier["ChallengeName"].Str());
        return verifier;
    }

    /// <summary>DEVICE_SRP_AUTH answered with the device's SRP_A, then DEVICE_PASSWORD_VERIFIER with its proof.</summary>
    private async Task<JsonNode> DeviceSrp(TestClient client, JsonNode challenge, DeviceSecret device, string username)
    {
        var srp = new SrpClient();
        var verifier = await DevicePasswordVerifier(client, challenge, device, username, srp);
        return await _mfa.Respond(client, "DEVICE_PASSWORD_VERIFIER", verifier["Session"].Str(), srp.AnswerDevice(device, verifier["ChallengeParameters"]!, Now));
    }

    private Task<JsonNode> ListDevices(JsonNode tokens, int? limit = null, string? paginationToken = null) =>
        Idp.Aws.Idp("ListDevices", new { AccessToken = tokens["AccessToken"].Str(), Limit = limit, PaginationToken = paginationToken });

    private Task<JsonNode> AdminGetDevice(TestClient client, string username, string deviceKey) =>
        Idp.Aws.Idp("AdminGetDevice", new { UserPoolId = client.PoolId, Username = username, DeviceKey = deviceKey });

    private Task<JsonNode> Refresh(TestClient client, JsonNode tokens, string? deviceKey)
    {
        var parameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = tokens["RefreshToken"].Str() };
        if (deviceKey is not null) parameters["DEVICE_KEY"] = deviceKey;
        return Idp.InitiateAuth(client, "REFRESH_TOKEN_AUTH", parameters);
    }

    /// <summary>A time as the API writes it: epoch seconds, to the millisecond.</summary>
    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static string? DeviceKeyClaim(JsonNode tokens) => TestJwt.Claims(tokens["AccessToken"].Str())["device_key"]?.GetValue<string>();

    private static List<string> Keys(JsonNode list) => list["Devices"]!.AsArray().Select(d => d!["DeviceKey"].Str()).ToList();

    private static Dictionary<string, string> Attributes(JsonNode device) =>
        device["DeviceAttributes"]!.AsArray().ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());

    [Fact]
    public async Task A_pool_without_DeviceConfiguration_gives_no_device_and_ignores_a_DEVICE_KEY()
    {
        var client = await Pool(deviceConfiguration: null);
        await _mfa.User(client, "nora");

        var tokens = (await PasswordAuth(client, "nora", UnusedKey))["AuthenticationResult"]!;

        Assert.Null(tokens["NewDeviceMetadata"]);
        Assert.Null(DeviceKeyClaim(tokens));
        Assert.NotNull((await Refresh(client, tokens, UnusedKey))["AuthenticationResult"]);
        Assert.NotNull((await Refresh(client, tokens, null))["AuthenticationResult"]);
    }

    [Fact]
    public async Task A_sign_in_on_a_new_device_gets_a_key_that_ConfirmDevice_remembers()
    {
        var client = await Pool();
        await _mfa.User(client, "ann");

        var first = (await PasswordAuth(client, "ann"))["AuthenticationResult"]!;
        var second = (await PasswordAuth(client, "ann"))["AuthenticationResult"]!;

        var metadata = first["NewDeviceMetadata"]!;
        Assert.Matches("^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", metadata["DeviceKey"].Str());
        Assert.Matches("^-[A-Za-z0-9]{8}$", metadata["DeviceGroupKey"].Str());
        Assert.Equal(metadata["DeviceKey"].Str(), DeviceKeyClaim(first));
        Assert.NotEqual(metadata["DeviceKey"].Str(), second["NewDeviceMetadata"]!["DeviceKey"].Str());
        Assert.Equal(metadata["DeviceGroupKey"].Str(), second["NewDeviceMetadata"]!["DeviceGroupKey"].Str());

        var device = DeviceSecret.Create(metadata);
        var confirmed = await Confirm(first, device, "Ann's phone");
        Assert.False(confirmed["UserConfirmationNecessary"]!.GetValue<bool>());
        await IdpFlows.Refused("DeviceKeyExistsException", () => Confirm(first, device));
        // A token confirms only the key its own sign-in was given.
        await IdpFlows.Refused("ResourceNotFoundException", () => Confirm(first, DeviceSecret.Create(second["NewDeviceMetadata"]!)), DeviceNotFound);

        var got = (await Idp.Aws.Idp("GetDevice", new { AccessToken = second["AccessToken"].Str(), device.DeviceKey }))["Device"]!;
        Assert.Equal(device.DeviceKey, got["DeviceKey"].Str());
        Assert.Equal(new Dictionary<string, string> { ["device_status"] = "valid", ["device_name"] = "Ann's phone" }, Attributes(got));
        foreach (var date in new[] { "DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate" })
            Assert.Equal(Epoch(Now), got[date]!.GetValue<double>(), 3);
        Assert.Equal([device.DeviceKey], Keys(await ListDevices(second)));
        Assert.Null((await ListDevices(second))["PaginationToken"]);
    }

    [Fact]
    public async Task An_opt_in_device_is_tracked_until_the_user_has_it_remembered()
    {
        var client = await Pool(OptIn);
        await _mfa.User(client, "ben");
        var tokens = (await PasswordAuth(client, "ben"))["AuthenticationResult"]!;
        var device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);

        Assert.True((await Confirm(tokens, device))["UserConfirmationNecessary"]!.GetValue<bool>());

        Assert.Empty(Keys(await ListDevices(tokens)));
        var listed = await Idp.Aws.Idp("AdminListDevices", new { UserPoolId = client.PoolId, Username = "ben" });
        Assert.Equal("not_remembered", Attributes(Assert.Single(listed["Devices"]!.AsArray())!)["dev:device_remembered_status"]);
        // A tracked device signs in without proving itself, and keeps its key.
        var tracked = (await PasswordAuth(client, "ben", device.DeviceKey))["AuthenticationResult"]!;
        Assert.Null(tracked["NewDeviceMetadata"]);
        Assert.Equal(device.DeviceKey, DeviceKeyClaim(tracked));

        await Idp.Aws.Idp("UpdateDeviceStatus", new { AccessToken = tokens["AccessToken"].Str(), device.DeviceKey, DeviceRememberedStatus = "remembered" });

        Assert.Equal([device.DeviceKey], Keys(await ListDevices(tokens)));
        var signedIn = (await DeviceSrp(client, await PasswordAuth(client, "ben", device.DeviceKey), device, "ben"))["AuthenticationResult"]!;
        Assert.Null(signedIn["NewDeviceMetadata"]);
        Assert.Equal(device.DeviceKey, DeviceKeyClaim(signedIn));
    }

    [Fact]
    public async Task A_remembered_device_proves_itself_after_USER_SRP_AUTH_and_a_wrong_proof_is_refused()
    {
        var client = await Pool();
        await _mfa.User(client, "cara");
        var (device, _) = await ConfirmedDevice(client, "cara");
        var userSrp = new SrpClient();
        var passwordVerifier = await Idp.InitiateAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = "cara", ["SRP_A"] = userSrp.SrpA });
        var answer = userSrp.Answer(client.PoolId, passwordVerifier["ChallengeParameters"]!, IdpFlows.Password, Now);
        answer["DEVICE_KEY"] = device.DeviceKey;

        var challenge = await _mfa.Respond(client, "PASSWORD_VERIFIER", null, answer);

        Assert.Equal("DEVICE_SRP_AUTH", challenge["ChallengeName"].Str());
        Assert.Null(challenge["AuthenticationResult"]);
        await IdpFlows.Refused("NotAuthorizedException", () => _mfa.Respond(client, "DEVICE_SRP_AUTH", challenge["Session"].Str(),
            new() { ["USERNAME"] = "cara", ["DEVICE_KEY"] = UnusedKey, ["SRP_A"] = new SrpClient().SrpA }), "Invalid session for the user.");

        var srp = new SrpClient();
        challenge = await _mfa.Respond(client, "PASSWORD_VERIFIER", null, await SrpAnswer(client, "cara", device));
        var verifier = await DevicePasswordVerifier(client, challenge, device, "cara", srp);
        var parameters = verifier["ChallengeParameters"]!.AsObject();
        Assert.Equal(["DEVICE_KEY", "SALT", "SECRET_BLOCK", "SRP_B", "USERNAME"], parameters.Select(p => p.Key).Order());
        Assert.Equal(device.DeviceKey, parameters["DEVICE_KEY"].Str());
        Assert.Equal("cara", parameters["USERNAME"].Str());
        var wrong = device with { Password = "not-the-device-secret" };
        await IdpFlows.Refused("NotAuthorizedException", () => _mfa.Respond(client, "DEVICE_PASSWORD_VERIFIER", verifier["Session"].Str(),
            srp.AnswerDevice(wrong, parameters, Now)), "Incorrect username or password.");
        // The challenge is used up by the wrong answer.
        await IdpFlows.Refused("NotAuthorizedException", () => _mfa.Respond(client, "DEVICE_PASSWORD_VERIFIER", verifier["Session"].Str(),
            srp.AnswerDevice(device, parameters, Now)));

        _mfa.Clock.Advance(TimeSpan.FromMinutes(5));
        challenge = await _mfa.Respond(client, "PASSWORD_VERIFIER", null, await SrpAnswer(client, "cara", device));
        var signedIn = (await DeviceSrp(client, challenge, device, "cara"))["AuthenticationResult"]!;

        Assert.Null(signedIn["NewDeviceMetadata"]);
        Assert.Equal(device.DeviceKey, DeviceKeyClaim(signedIn));
        Assert.Equal(Epoch(Now), (await AdminGetDevice(client, "cara", device.DeviceKey))["Device"]!["DeviceLastAuthenticatedDate"]!.GetValue<double>(), 3);
    }

    /// <summary>A USER_SRP_AUTH started and its PASSWORD_VERIFIER answered, naming the device.</summary>
    private async Task<Dictionary<string, string>> SrpAnswer(TestClient client, string username, DeviceSecret device)
    {
        var srp = new SrpClient();
        var challenge = await Idp.InitiateAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = username, ["SRP_A"] = srp.SrpA, ["DEVICE_KEY"] = device.DeviceKey });
        var answer = srp.Answer(client.PoolId, challenge["ChallengeParameters"]!, IdpFlows.Password, Now);
        answer["DEVICE_KEY"] = device.DeviceKey;
        return answer;
    }

    [Fact]
    public async Task A_remembered_device_stands_in_for_MFA_only_where_the_pool_says_so()
    {
        var suppressing = await Pool(Always, mfa: "ON");
        await _mfa.User(suppressing, "dora");
        var first = await PasswordAuth(suppressing, "dora");
        Assert.Equal("SMS_MFA", first["ChallengeName"].Str());
        var tokens = (await _mfa.Respond(suppressing, "SMS_MFA", first["Session"].Str(),
            new() { ["USERNAME"] = "dora", ["SMS_MFA_CODE"] = (await _mfa.LastMessage(suppressing, "dora"))["code"].Str() }))["AuthenticationResult"]!;
        var device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);
        await Confirm(tokens, device);
        var texts = (await Idp.Messages(suppressing.PoolId, "dora")).Count;

        var signedIn = await DeviceSrp(suppressing, await PasswordAuth(suppressing, "dora", device.DeviceKey), device, "dora");

        Assert.Equal(device.DeviceKey, DeviceKeyClaim(signedIn["AuthenticationResult"]!));
        Assert.Equal(texts, (await Idp.Messages(suppressing.PoolId, "dora")).Count);

        // ChallengeRequiredOnNewDevice false: the device proves itself, then the code is asked for as well.
        var asking = await Pool("""{ "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false }""", mfa: "ON");
        await _mfa.User(asking, "ed");
        first = await PasswordAuth(asking, "ed");
        tokens = (await _mfa.Respond(asking, "SMS_MFA", first["Session"].Str(),
            new() { ["USERNAME"] = "ed", ["SMS_MFA_CODE"] = (await _mfa.LastMessage(asking, "ed"))["code"].Str() }))["AuthenticationResult"]!;
        device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);
        await Confirm(tokens, device);

        var mfa = await DeviceSrp(asking, await PasswordAuth(asking, "ed", device.DeviceKey), device, "ed");

        Assert.Equal("SMS_MFA", mfa["ChallengeName"].Str());
        var afterCode = (await _mfa.Respond(asking, "SMS_MFA", mfa["Session"].Str(), new()
        {
            ["USERNAME"] = "ed",
            ["SMS_MFA_CODE"] = (await _mfa.LastMessage(asking, "ed"))["code"].Str(),
            ["DEVICE_KEY"] = device.DeviceKey,
        }))["AuthenticationResult"]!;
        Assert.Null(afterCode["NewDeviceMetadata"]);
        Assert.Equal(device.DeviceKey, DeviceKeyClaim(afterCode));
    }

    [Fact]
    public async Task A_stale_DEVICE_KEY_is_refused_before_the_password_so_the_client_signs_in_again_without_it()
    {
        var client = await Pool();
        await _mfa.User(client, "fay");
        await _mfa.User(client, "gil");
        var (device, tokens) = await ConfirmedDevice(client, "fay");
        var (othersDevice, _) = await ConfirmedDevice(client, "gil");
        await Idp.Aws.Idp("ForgetDevice", new { AccessToken = tokens["AccessToken"].Str(), device.DeviceKey });

        await IdpFlows.Refused("ResourceNotFoundException", () => PasswordAuth(client, "fay", device.DeviceKey), DeviceNotFound);
        await IdpFlows.Refused("ResourceNotFoundException", () => PasswordAuth(client, "fay", othersDevice.DeviceKey), DeviceNotFound);
        var answer = await SrpAnswer(client, "fay", device);
        await IdpFlows.Refused("ResourceNotFoundException", () => _mfa.Respond(client, "PASSWORD_VERIFIER", null, answer), DeviceNotFound);

        // amazon-cognito-identity-js answers the same PASSWORD_VERIFIER again, without the key.
        answer.Remove("DEVICE_KEY");
        var signedIn = (await _mfa.Respond(client, "PASSWORD_VERIFIER", null, answer))["AuthenticationResult"]!;

        Assert.NotEqual(device.DeviceKey, signedIn["NewDeviceMetadata"]!["DeviceKey"].Str());
    }

    [Fact]
    public async Task A_refresh_token_works_only_with_its_device_while_the_device_is_confirmed()
    {
        var client = await Pool();
        await _mfa.User(client, "hal");
        var tokens = (await PasswordAuth(client, "hal"))["AuthenticationResult"]!;
        var device = DeviceSecret.Create(tokens["NewDeviceMetadata"]!);
        const string invalid = "Invalid Refresh Token";

        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, device.DeviceKey), invalid);
        await Confirm(tokens, device);
        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, null), invalid);
        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, UnusedKey), invalid);
        var refreshed = (await Refresh(client, tokens, device.DeviceKey))["AuthenticationResult"]!;
        Assert.Equal(device.DeviceKey, DeviceKeyClaim(refreshed));
        Task<JsonNode> GetTokens(string? deviceKey) =>
            Idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = tokens["RefreshToken"].Str(), DeviceKey = deviceKey });
        Assert.NotNull((await GetTokens(device.DeviceKey))["AuthenticationResult"]);
        await IdpFlows.Refused("NotAuthorizedException", () => GetTokens(null), invalid);
        var oauth = new OAuthHttp(fixture.Host);
        (string, string)[] grant = [("grant_type", "refresh_token"), ("client_id", client.Id), ("refresh_token", tokens["RefreshToken"].Str())];
        Assert.Equal(HttpStatusCode.OK, (await oauth.Token(null, [.. grant, ("device_key", device.DeviceKey)])).Status);
        OAuthHttp.IsError(await oauth.Token(null, grant), HttpStatusCode.BadRequest, "invalid_grant");

        await Idp.Aws.Idp("AdminForgetDevice", new { UserPoolId = client.PoolId, Username = "hal", device.DeviceKey });

        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, device.DeviceKey), invalid);
    }

    [Fact]
    public async Task A_forgotten_device_is_not_confirmed_again_so_its_refresh_tokens_stay_dead()
    {
        var client = await Pool();
        await _mfa.User(client, "max");
        var (device, tokens) = await ConfirmedDevice(client, "max");
        const string invalid = "Invalid Refresh Token";

        await Idp.Aws.Idp("ForgetDevice", new { AccessToken = tokens["AccessToken"].Str(), device.DeviceKey });

        // The sign-in's access token still works; its key, which would bring the refresh token back, cannot be confirmed again.
        Assert.Empty(Keys(await ListDevices(tokens)));
        await IdpFlows.Refused("ResourceNotFoundException", () => Confirm(tokens, device), DeviceNotFound);
        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, device.DeviceKey), invalid);
        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, "forgotten"), invalid);
        await IdpFlows.Refused("NotAuthorizedException", () => Refresh(client, tokens, null), invalid);
    }

    [Fact]
    public async Task Devices_are_listed_a_page_at_a_time()
    {
        var client = await Pool();
        await _mfa.User(client, "ida");
        var devices = new List<string>();
        JsonNode tokens = null!;
        for (var i = 0; i < 3; i++)
        {
            (var device, tokens) = await ConfirmedDevice(client, "ida");
            devices.Add(device.DeviceKey);
        }

        var first = await ListDevices(tokens, limit: 2);
        var second = await ListDevices(tokens, limit: 2, first["PaginationToken"].Str());

        Assert.Equal(2, Keys(first).Count);
        Assert.Null(second["PaginationToken"]);
        Assert.Equal(devices.Order(StringComparer.Ordinal), Keys(first).Concat(Keys(second)).Order(StringComparer.Ordinal));
        var adminFirst = await Idp.Aws.Idp("AdminListDevices", new { UserPoolId = client.PoolId, Username = "ida", Limit = 2 });
        var adminSecond = await Idp.Aws.Idp("AdminListDevices", new { UserPoolId = client.PoolId, Username = "ida", Limit = 2, PaginationToken = adminFirst["PaginationToken"].Str() });
        Assert.Equal(Keys(first).Concat(Keys(second)), Keys(adminFirst).Concat(Keys(adminSecond)));
        await Expect.InvalidParameter(() => ListDevices(tokens, paginationToken: "not-a-token"));
    }

    [Fact]
    public async Task Admins_read_update_and_forget_a_users_devices()
    {
        var client = await Pool();
        await _mfa.User(client, "jo");
        await _mfa.User(client, "kim");
        var (device, tokens) = await ConfirmedDevice(client, "jo");
        var kimsTokens = (await PasswordAuth(client, "kim"))["AuthenticationResult"]!;

        var got = (await AdminGetDevice(client, "jo", device.DeviceKey))["Device"]!;

        Assert.Equal(new Dictionary<string, string>
        {
            ["device_status"] = "valid",
            ["device_name"] = "phone",
            ["dev:device_arn"] = $"arn:aws:cognito-idp:us-east-1:000000000000:owner/jo.{client.PoolId}/device/{device.DeviceKey}",
            ["dev:device_owner"] = $"jo.{client.PoolId}",
            ["dev:device_remembered_status"] = "remembered",
            ["dev:device_sdk"] = "aws-sdk",
        }, Attributes(got));
        await Idp.Aws.Idp("AdminUpdateDeviceStatus", new { UserPoolId = client.PoolId, Username = "jo", device.DeviceKey, DeviceRememberedStatus = "not_remembered" });
        Assert.Empty(Keys(await ListDevices(tokens)));
        Assert.Equal("not_remembered", Attributes((await AdminGetDevice(client, "jo", device.DeviceKey))["Device"]!)["dev:device_remembered_status"]);

        // Another user's device is no device of theirs, for the admin as for the user.
        await IdpFlows.Refused("ResourceNotFoundException", () => AdminGetDevice(client, "kim", device.DeviceKey), DeviceNotFound);
        await IdpFlows.Refused("ResourceNotFoundException",
            () => Idp.Aws.Idp("GetDevice", new { AccessToken = kimsTokens["AccessToken"].Str(), device.DeviceKey }), DeviceNotFound);
        await IdpFlows.Refused("ResourceNotFoundException",
            () => Idp.Aws.Idp("ForgetDevice", new { AccessToken = kimsTokens["AccessToken"].Str(), device.DeviceKey }), DeviceNotFound);
        await IdpFlows.Refused("UserNotFoundException", () => AdminGetDevice(client, "nobody", device.DeviceKey));

        await Idp.Aws.Idp("AdminForgetDevice", new { UserPoolId = client.PoolId, Username = "jo", device.DeviceKey });

        Assert.Empty(Keys(await Idp.Aws.Idp("AdminListDevices", new { UserPoolId = client.PoolId, Username = "jo" })));
        await IdpFlows.Refused("ResourceNotFoundException",
            () => Idp.Aws.Idp("GetDevice", new { AccessToken = tokens["AccessToken"].Str(), device.DeviceKey }), DeviceNotFound);
    }

    [Fact]
    public async Task Device_operations_refuse_what_AWS_refuses()
    {
        var client = await Pool();
        await _mfa.User(client, "lou");
        var tokens = (await PasswordAuth(client, "lou"))["AuthenticationResult"]!;
        var deviceKey = tokens["NewDeviceMetadata"]!["DeviceKey"].Str();
        var accessToken = tokens["AccessToken"].Str();

        await Expect.InvalidParameter(() => Idp.Aws.Idp("ConfirmDevice", new { AccessToken = accessToken, DeviceKey = deviceKey }));
        await Expect.InvalidParameter(() => Idp.Aws.Idp("ConfirmDevice", new
        {
            AccessToken = accessToken,
            DeviceKey = deviceKey,
            DeviceSecretVerifierConfig = new { Salt = "not base64!", PasswordVerifier = "AAEC" },
        }));
        await Expect.InvalidParameter(() => Idp.Aws.Idp("GetDevice", new { AccessToken = accessToken, DeviceKey = "no-underscore" }));
        await Expect.InvalidParameter(() => Idp.Aws.Idp("GetDevice", new { DeviceKey = deviceKey }));
        await Expect.InvalidParameter(() => Idp.Aws.Idp("UpdateDeviceStatus", new { AccessToken = accessToken, DeviceKey = deviceKey, DeviceRememberedStatus = "forgotten" }));
        await IdpFlows.Refused("NotAuthorizedException", () => Idp.Aws.Idp("ListDevices", new { AccessToken = "not.a.token" }));
        // Nothing was confirmed, so there is no device.
        await IdpFlows.Refused("ResourceNotFoundException", () => Idp.Aws.Idp("GetDevice", new { AccessToken = accessToken, DeviceKey = deviceKey }), DeviceNotFound);
    }
}
