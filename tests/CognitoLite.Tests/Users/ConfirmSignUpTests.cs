using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Users;

public sealed class ConfirmSignUpTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : ConfirmSignUpContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class ConfirmSignUpTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : ConfirmSignUpContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>ConfirmSignUp, ResendConfirmationCode and AdminConfirmSignUp; the host's clock is a ManualClock.</summary>
public abstract class ConfirmSignUpContract(ManualClockHost fixture)
{
    private const string AlreadyConfirmed = "User cannot be confirmed. Current status is CONFIRMED";

    private readonly IdpFlows _idp = new(fixture.Host);

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private async Task<string> Status(string poolId, string username) =>
        (await _idp.Aws.Idp("AdminGetUser", new { UserPoolId = poolId, Username = username }))["UserStatus"]!.GetValue<string>();

    [Fact]
    public async Task The_right_code_confirms_the_user_and_verifies_the_email_a_wrong_one_is_CodeMismatch()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "alice", IdpFlows.Password, ("email", "alice@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "alice");
        Assert.Equal("UNCONFIRMED", await Status(client.PoolId, "alice"));

        await IdpFlows.Refused("CodeMismatchException", () => _idp.ConfirmSignUp(client, "alice", Wrong(code)));
        Assert.Equal("UNCONFIRMED", await Status(client.PoolId, "alice"));

        await _idp.ConfirmSignUp(client, "alice", code);

        Assert.Equal("CONFIRMED", await Status(client.PoolId, "alice"));
        var tokens = await _idp.SignIn(client, "alice");
        var attributes = await _idp.UserAttributes(tokens["AccessToken"]!.GetValue<string>());
        Assert.Equal("true", attributes["email_verified"]);
        Assert.Equal("alice@example.com", attributes["email"]);
    }

    [Fact]
    public async Task A_code_works_once_and_a_confirmed_user_cannot_be_confirmed_again()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "bob", IdpFlows.Password, ("email", "bob@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "bob");
        await _idp.ConfirmSignUp(client, "bob", code);

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.ConfirmSignUp(client, "bob", code), AlreadyConfirmed);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.ConfirmSignUp(client, "bob", Wrong(code)), AlreadyConfirmed);
    }

    [Fact]
    public async Task After_five_wrong_codes_even_the_right_code_is_TooManyFailedAttempts()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "carol", IdpFlows.Password, ("email", "carol@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "carol");

        for (var i = 0; i < 5; i++)
            await IdpFlows.Refused("CodeMismatchException", () => _idp.ConfirmSignUp(client, "carol", Wrong(code)));

        await IdpFlows.Refused("TooManyFailedAttemptsException", () => _idp.ConfirmSignUp(client, "carol", code));
        Assert.Equal("UNCONFIRMED", await Status(client.PoolId, "carol"));

        // A new code starts a new count.
        await _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "carol" });
        await _idp.ConfirmSignUp(client, "carol", await _idp.LatestCode(client.PoolId, "carol"));
        Assert.Equal("CONFIRMED", await Status(client.PoolId, "carol"));
    }

    [Fact]
    public async Task A_code_older_than_a_day_is_ExpiredCode()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "dave", IdpFlows.Password, ("email", "dave@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "dave");

        fixture.Clock.Advance(TimeSpan.FromHours(25));

        await IdpFlows.Refused("ExpiredCodeException", () => _idp.ConfirmSignUp(client, "dave", code));
        Assert.Equal("UNCONFIRMED", await Status(client.PoolId, "dave"));
    }

    [Fact]
    public async Task An_unknown_user_is_answered_as_a_confirmed_or_an_unconfirmed_one_when_existence_errors_are_prevented_and_UserNotFound_with_LEGACY()
    {
        var poolId = await _idp.CreatePool("""{ "AutoVerifiedAttributes": ["email"] }""");
        var enabled = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "ENABLED" }""");
        var legacy = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "LEGACY" }""");

        // Which of the two a name gets is the same at every request, and ResendConfirmationCode agrees.
        var refused = await AwsClient.Fails(() => _idp.ConfirmSignUp(enabled, "nobody", "123456"));
        var confirmed = refused.Type == "NotAuthorizedException";
        Assert.Equal(confirmed ? AlreadyConfirmed : "Invalid verification code provided, please try again.", refused.AwsMessage);
        await IdpFlows.Refused(refused.Type, () => _idp.ConfirmSignUp(enabled, "nobody", "123456"), refused.AwsMessage);
        var resend = () => _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = enabled.Id, Username = "nobody" });
        if (confirmed) await IdpFlows.Refused("InvalidParameterException", resend, "User is already confirmed.");
        else Assert.Equal("EMAIL", (await resend())["CodeDeliveryDetails"]!["DeliveryMedium"].Str());
        await IdpFlows.Refused("UserNotFoundException", () => _idp.ConfirmSignUp(legacy, "nobody", "123456"));
    }

    [Fact]
    public async Task ResendConfirmationCode_sends_a_new_code_and_the_old_one_stops_working()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "erin", IdpFlows.Password, ("email", "erin@example.com"));
        var first = await _idp.LatestCode(client.PoolId, "erin");

        string second;
        do
        {
            var resent = await _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "erin" });
            Assert.Equal("e***@e***", resent["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>());
            Assert.Equal("EMAIL", resent["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>());
            Assert.Equal("email", resent["CodeDeliveryDetails"]!["AttributeName"]!.GetValue<string>());
            second = await _idp.LatestCode(client.PoolId, "erin");
        }
        while (second == first); // one chance in a million

        Assert.True((await _idp.Messages(client.PoolId, "erin")).Count >= 2);
        await IdpFlows.Refused("CodeMismatchException", () => _idp.ConfirmSignUp(client, "erin", first));
        await _idp.ConfirmSignUp(client, "erin", second);
        Assert.Equal("CONFIRMED", await Status(client.PoolId, "erin"));

        await IdpFlows.Refused("InvalidParameterException", () => _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "erin" }), "User is already confirmed.");
    }

    [Fact]
    public async Task ResendConfirmationCode_for_an_unknown_user_pretends_unless_the_client_is_LEGACY()
    {
        var poolId = await _idp.CreatePool("""{ "AutoVerifiedAttributes": ["email"] }""");
        var enabled = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "ENABLED" }""");
        var legacy = await _idp.CreateClient(poolId, """{ "PreventUserExistenceErrors": "LEGACY" }""");

        // A name Cognito answers as an unconfirmed user's (the other half are answered as confirmed ones).
        string? name = null;
        for (var i = 0; name is null && i < 64; i++)
            if ((await AwsClient.Fails(() => _idp.ConfirmSignUp(enabled, $"nobody{i}", "123456"))).Type == "CodeMismatchException") name = $"nobody{i}";
        Assert.NotNull(name);
        var pretended = await _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = enabled.Id, Username = name });
        Assert.Equal("EMAIL", pretended["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>());
        Assert.Empty(await _idp.Messages(poolId, name));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = legacy.Id, Username = "nobody" }));
    }

    [Fact]
    public async Task AdminConfirmSignUp_confirms_once_and_sign_in_works()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "frank", IdpFlows.Password, ("email", "frank@example.com"));
        await IdpFlows.Refused("UserNotConfirmedException", () => _idp.SignIn(client, "frank"));

        await _idp.AdminConfirmSignUp(client.PoolId, "frank");

        Assert.Equal("CONFIRMED", await Status(client.PoolId, "frank"));
        Assert.NotNull((await _idp.SignIn(client, "frank"))["AccessToken"]);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.AdminConfirmSignUp(client.PoolId, "frank"), AlreadyConfirmed);
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminConfirmSignUp(client.PoolId, "nobody"));
    }
}
