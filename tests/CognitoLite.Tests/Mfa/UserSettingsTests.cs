using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Mfa;

public sealed class UserSettingsOnPostgres(ManualClockHost<OnPostgres> fixture) : UserSettingsTests(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class UserSettingsOnSqlite(ManualClockHost<OnSqlite> fixture) : UserSettingsTests(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>SetUserSettings and AdminSetUserSettings: the legacy MFAOptions, SMS only, as amazon-cognito-identity-js's enableMFA and disableMFA send them.</summary>
public abstract class UserSettingsTests(ManualClockHost fixture)
{
    private static readonly object[] SmsOption = [new { DeliveryMedium = "SMS", AttributeName = "phone_number" }];

    private readonly MfaFlows _mfa = new(fixture);

    private IdpFlows Idp => _mfa.Idp;

    private AwsClient Aws => Idp.Aws;

    [Fact]
    public async Task SetUserSettings_turns_SMS_MFA_on_and_an_empty_list_turns_it_off()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "vera");
        var accessToken = (await Idp.SignIn(client, "vera"))["AccessToken"].Str();

        Assert.Equal("{}", (await Aws.Idp("SetUserSettings", new { AccessToken = accessToken, MFAOptions = SmsOption })).ToJsonString());

        var user = await Idp.GetUser(accessToken);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{ "DeliveryMedium": "SMS", "AttributeName": "phone_number" }]"""), user["MFAOptions"]));
        Assert.Equal(["SMS_MFA"], user["UserMFASettingList"].Strings());
        var listed = (await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId }))["Users"]![0]!;
        Assert.Equal("SMS", listed["MFAOptions"]![0]!["DeliveryMedium"].Str());
        Assert.Equal("SMS_MFA", (await Idp.PasswordAuth(client, "vera"))["ChallengeName"].Str());

        await Aws.Idp("SetUserSettings", new { AccessToken = accessToken, MFAOptions = Array.Empty<object>() });

        user = await Idp.GetUser(accessToken);
        Assert.Null(user["MFAOptions"]);
        Assert.Null(user["UserMFASettingList"]);
        Assert.NotNull((await Idp.PasswordAuth(client, "vera"))["AuthenticationResult"]);
    }

    [Fact]
    public async Task AdminSetUserSettings_sets_a_users_MFAOptions_by_name()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "walt");

        await Aws.Idp("AdminSetUserSettings", new { UserPoolId = client.PoolId, Username = "walt", MFAOptions = SmsOption });

        var user = await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "walt" });
        Assert.Equal("phone_number", user["MFAOptions"]![0]!["AttributeName"].Str());
        Assert.Equal(["SMS_MFA"], user["UserMFASettingList"].Strings());
        await IdpFlows.Refused("UserNotFoundException",
            () => Aws.Idp("AdminSetUserSettings", new { UserPoolId = client.PoolId, Username = "nobody", MFAOptions = SmsOption }));
        await Expect.InvalidParameter(() => Aws.Idp("AdminSetUserSettings", new { UserPoolId = client.PoolId, Username = "walt" }));
    }

    [Fact]
    public async Task Only_SMS_to_the_phone_number_of_a_user_who_has_one_is_accepted()
    {
        var client = await _mfa.Pool(MfaFlows.All);
        await _mfa.User(client, "xena", phone: false);
        object Settings(string medium, string attribute) =>
            new { UserPoolId = client.PoolId, Username = "xena", MFAOptions = new[] { new { DeliveryMedium = medium, AttributeName = attribute } } };

        await Expect.InvalidParameter(() => Aws.Idp("AdminSetUserSettings", Settings("EMAIL", "email")));
        await Expect.InvalidParameter(() => Aws.Idp("AdminSetUserSettings", Settings("SMS", "email")));
        await Expect.InvalidParameter(() => Aws.Idp("AdminSetUserSettings", Settings("VOICE", "phone_number")));
        var noPhone = await Expect.InvalidParameter(() => Aws.Idp("AdminSetUserSettings", Settings("SMS", "phone_number")));
        Assert.Equal("User does not have delivery config set to turn on SMS_MFA", noPhone.AwsMessage);
        await IdpFlows.Refused("NotAuthorizedException", () => Aws.Idp("SetUserSettings", new { AccessToken = "not.a.token", MFAOptions = SmsOption }));
    }
}
