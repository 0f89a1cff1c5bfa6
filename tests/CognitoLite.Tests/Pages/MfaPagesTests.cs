using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Mfa;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace CognitoLite.Tests.Pages;

public sealed class MfaPagesTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : MfaPagesContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class MfaPagesTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : MfaPagesContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// The challenge pages: authenticator set-up (MFA_SETUP) and TOTP, the choice of a factor (SELECT_MFA_TYPE), SMS and
/// email codes, passwordless codes (USER_AUTH) and NEW_PASSWORD_REQUIRED. The host's clock is a ManualClock, so the
/// authenticator codes are exact.
/// </summary>
public abstract partial class MfaPagesContract(ManualClockHost fixture)
{
    private const string Password = IdpFlows.Password;

    private readonly MfaFlows _mfa = new(fixture);

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    /// <summary>A web client of a pool with this MFA configuration (SetUserPoolMfaConfig).</summary>
    private async Task<TestClient> MfaClient(string configJson, string mode, string? poolSettings = null, string? clientSettings = null)
    {
        var client = await Pages.WebClient(poolSettings ?? """{ "AutoVerifiedAttributes": ["email"] }""", clientSettings);
        var config = JsonNode.Parse(configJson)!.AsObject();
        config["UserPoolId"] = client.PoolId;
        config["MfaConfiguration"] = mode;
        await Pages.Flows.Aws.Idp("SetUserPoolMfaConfig", config.ToJsonString());
        return client;
    }

    [Fact]
    public async Task A_pool_that_requires_MFA_sets_up_an_authenticator_app_from_a_QR_code_then_asks_for_its_codes()
    {
        var client = await MfaClient(MfaFlows.Totp, "ON");
        await _mfa.User(client, "uma", phone: false);

        var setup = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("state", "s-5")), "uma");

        Assert.Equal(HttpStatusCode.OK, setup.Status);
        Assert.Equal("Set up an authenticator app", PageHtml.Title(setup));
        Assert.Equal(["Code from your authenticator app"], PageHtml.Labels(setup));
        var secret = Secret(setup);
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Matches("""<div class="qr"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 (\d+) \1" role="img" aria-label="QR code for your authenticator app" shape-rendering="crispEdges"><rect width="\1" height="\1" fill="#fff"/><path fill="#000" d="(M\d+ \d+h\d+v1h-\d+z)+"/></svg></div>""", setup.Html);
        Assert.DoesNotContain(" style=", setup.Html);
        var poolName = (await Pages.Flows.Aws.Idp("DescribeUserPool", new { UserPoolId = client.PoolId }))["UserPool"]!["Name"].Str();
        Assert.Equal($"otpauth://totp/{poolName}:uma?secret={secret}&issuer={poolName}", QrText(setup));

        var malformed = await Pages.Submit(setup, ("code", "12ab"));
        Assert.Equal("Enter the 6-digit code from your authenticator app.", malformed.Alert);
        var wrong = await Pages.Submit(malformed, ("code", _mfa.WrongCode(secret)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("The code does not match. Enter the code your authenticator app shows now.", wrong.Alert);
        Assert.Equal(secret, Secret(wrong));

        var back = await Pages.Submit(wrong, ("code", _mfa.Code(secret)));
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.Equal("s-5", back.RedirectParameters()["state"]);
        Assert.Equal(HttpStatusCode.OK, (await Pages.Exchange(client, back.RedirectParameters()["code"])).Status);
        Assert.Equal(["SOFTWARE_TOKEN_MFA"], (await Pages.Flows.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "uma" }))["UserMFASettingList"].Strings());

        _mfa.Clock.Advance(TimeSpan.FromSeconds(30));
        var totp = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("prompt", "login")), "uma");
        Assert.Equal("Multi-factor authentication", PageHtml.Title(totp));
        Assert.Contains("Enter the code from your authenticator app.", totp.Html);
        var again = await Pages.Submit(totp, ("code", _mfa.Code(secret)));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", again.Location);
    }

    [Fact]
    public async Task A_user_with_two_factors_chooses_one_and_a_wrong_SMS_code_keeps_the_page()
    {
        var client = await MfaClient(MfaFlows.All, "OPTIONAL");
        await _mfa.User(client, "vic");
        await _mfa.AuthenticatorApp(client, "vic");
        await _mfa.AdminPreference(client, "vic", """{ "SMSMfaSettings": { "Enabled": true }, "SoftwareTokenMfaSettings": { "Enabled": true } }""");

        var choice = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "vic");
        Assert.Equal("Choose how to verify it is you", PageHtml.Title(choice));
        Assert.Contains("""<button class="btn btn-primary submitButton-customizable" type="submit" name="answer" value="SMS_MFA">Text message (SMS)</button>""", choice.Html);
        Assert.Contains("""name="answer" value="SOFTWARE_TOKEN_MFA">Authenticator app</button>""", choice.Html);

        var sms = await Pages.Submit(choice, ("answer", "SMS_MFA"));
        Assert.Equal("Enter your code", PageHtml.Title(sms));
        Assert.Contains("We sent a code by text message to +*******0123. Enter it below.", PageHtml.Text(sms));
        var code = (await _mfa.LastMessage(client, "vic"))["code"].Str();

        var wrong = await Pages.Submit(sms, ("code", MfaFlows.Other(code)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Invalid code or auth state for the user.", wrong.Alert);
        Assert.Contains("We sent a code by text message to +*******0123. Enter it below.", PageHtml.Text(wrong));

        var back = await Pages.Submit(wrong, ("code", code));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);
    }

    [Fact]
    public async Task An_email_code_completes_the_sign_in_of_a_user_who_chose_email_MFA()
    {
        var client = await MfaClient(MfaFlows.Email, "OPTIONAL");
        await _mfa.User(client, "wes", phone: false);
        await _mfa.AdminPreference(client, "wes", """{ "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");

        var email = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "wes");

        Assert.Equal("Enter your code", PageHtml.Title(email));
        Assert.Contains("We sent a code by email to w***@e***. Enter it below.", email.Html);
        var empty = await Pages.Submit(email, ("code", " "));
        Assert.Equal("Enter the code.", empty.Alert);
        var back = await Pages.Submit(empty, ("code", (await _mfa.LastMessage(client, "wes"))["code"].Str()));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);
    }

    private const string PasswordlessPool = """{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }""";

    private const string ChoiceClient = """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";

    [Fact]
    public async Task Passwordless_sign_in_sends_a_code_by_email_when_the_pool_and_the_client_allow_it()
    {
        var client = await Pages.WebClient(PasswordlessPool, ChoiceClient);
        await Pages.Flows.AdminConfirmedUser(client.PoolId, "xena", Password, ("email", "xena@example.com"), ("email_verified", "true"));

        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("state", "s-7")));
        Assert.Contains("""<button class="btn btn-secondary" type="submit" name="method" value="EMAIL_OTP" formnovalidate>Sign in with a code sent by email</button>""", signIn.Html);
        Assert.DoesNotContain("SMS_OTP", signIn.Html);

        var code = await Pages.Submit(signIn, ("username", "xena"), ("method", "EMAIL_OTP"));
        Assert.Equal("Enter your code", PageHtml.Title(code));
        Assert.Contains("We sent a code by email to x***@e***. Enter it below.", code.Html);
        var back = await Pages.Submit(code, ("code", (await _mfa.LastMessage(client, "xena"))["code"].Str()));
        Assert.Equal("s-7", back.RedirectParameters()["state"]);
        Assert.Equal(HttpStatusCode.OK, (await Pages.Exchange(client, back.RedirectParameters()["code"])).Status);
    }

    [Fact]
    public async Task A_user_without_a_verified_email_chooses_among_the_sign_in_methods_left()
    {
        var client = await Pages.WebClient(PasswordlessPool, ChoiceClient);
        await Pages.Flows.AdminConfirmedUser(client.PoolId, "yuri", Password, ("email", "yuri@example.com"));

        var choice = await Pages.Submit(await Pages.Open(LoginPagesClient.AuthorizeUrl(client)), ("username", "yuri"), ("method", "EMAIL_OTP"));

        Assert.Equal("Choose how to sign in", PageHtml.Title(choice));
        Assert.Equal(["Password"], PageHtml.Labels(choice));
        Assert.DoesNotContain("EMAIL_OTP", choice.Html);
        var empty = await Pages.Submit(choice, ("answer", "PASSWORD"));
        Assert.Equal("Enter your password.", empty.Alert);
        var back = await Pages.Submit(empty, ("answer", "PASSWORD"), ("password", Password));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);
    }

    [Fact]
    public async Task Without_USER_AUTH_on_the_client_no_code_is_offered_and_none_can_be_asked_for()
    {
        var client = await Pages.WebClient(PasswordlessPool);
        await Pages.Flows.AdminConfirmedUser(client.PoolId, "zoe", Password, ("email", "zoe@example.com"), ("email_verified", "true"));
        var signIn = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.DoesNotContain("name=\"method\"", signIn.Html);

        var refused = await Pages.Submit(signIn, ("username", "zoe"), ("method", "EMAIL_OTP"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("This way of signing in is not available.", refused.Alert);
        Assert.Empty(await Pages.Flows.Messages(client.PoolId, "zoe"));
    }

    [Fact]
    public async Task A_new_password_the_policy_refuses_leaves_the_change_page_usable_with_its_required_attributes()
    {
        var client = await Pages.WebClient("""
            { "Schema": [ { "Name": "given_name", "AttributeDataType": "String", "Mutable": true, "Required": true } ] }
            """);
        await Pages.Flows.AdminCreateUser(client.PoolId, "abel", Password, "SUPPRESS");

        var change = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "abel");
        Assert.Equal("Change your password", PageHtml.Title(change));
        Assert.Equal(["New password", "Confirm new password", "Given name"], PageHtml.Labels(change));

        var weak = await Pages.Submit(change, ("password", "weak"), ("confirm_password", "weak"), ("userAttributes.given_name", "Abel"));
        Assert.Equal("Password did not conform with policy: Password not long enough", weak.Alert);
        var mismatched = await Pages.Submit(weak, ("password", UserAdmin.NewPassword), ("confirm_password", "other"), ("userAttributes.given_name", "Abel"));
        Assert.Equal("The passwords do not match.", mismatched.Alert);
        Assert.Equal(["New password", "Confirm new password", "Given name"], PageHtml.Labels(mismatched));

        var back = await Pages.Submit(mismatched, ("password", UserAdmin.NewPassword), ("confirm_password", UserAdmin.NewPassword), ("userAttributes.given_name", "Abel"));
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", back.Location);
        Assert.Equal("Abel", (await Pages.Flows.AdminAttributes(client.PoolId, "abel"))["given_name"]);
    }

    [Fact]
    public async Task A_code_page_left_open_longer_than_its_form_token_lives_is_refused()
    {
        var client = await MfaClient(MfaFlows.Email, "OPTIONAL");
        await _mfa.User(client, "bo", phone: false);
        await _mfa.AdminPreference(client, "bo", """{ "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");
        var email = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "bo");

        _mfa.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await Pages.Submit(email, ("code", (await _mfa.LastMessage(client, "bo"))["code"].Str()));

        Assert.Equal(HttpStatusCode.Forbidden, expired.Status);
        Assert.Equal("The form has expired or was already sent. Go back to the sign-in page and try again.", expired.Alert);
        Assert.Null(expired.Location);
    }

    /// <summary>What a scanner reads from the page's QR code: its SVG path drawn as pixels (4 per module) and decoded by ZXing.</summary>
    private static string QrText(PageAnswer page)
    {
        var svg = Regex.Match(page.Html, "viewBox=\"0 0 (\\d+) \\d+\".*?<path fill=\"#000\" d=\"([^\"]+)\"");
        var size = int.Parse(svg.Groups[1].Value, CultureInfo.InvariantCulture) * 4;
        var pixels = Enumerable.Repeat((byte)255, size * size).ToArray();
        foreach (Match run in Regex.Matches(svg.Groups[2].Value, @"M(\d+) (\d+)h(\d+)v1h-\d+z"))
        {
            var (x, y, width) = (Number(run.Groups[1]) * 4, Number(run.Groups[2]) * 4, Number(run.Groups[3]) * 4);
            for (var row = y; row < y + 4; row++)
                Array.Fill(pixels, (byte)0, row * size + x, width);
        }
        var image = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, size, size, RGBLuminanceSource.BitmapFormat.Gray8)));
        return new QRCodeReader().decode(image, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true }).Text;
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    private static string Secret(PageAnswer page) => SecretCode().Match(page.Html).Groups[1].Value;

    [GeneratedRegex("<code id=\"secret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretCode();
}
