using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Storage;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Federation;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.OAuth;
using CognitoLite.Tests.Pages;
using CognitoLite.Tests.Sts;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Storage;

public sealed class HousekeepingTestsOnPostgres(StsHost<OnPostgres> fixture) : HousekeepingContract(fixture), IClassFixture<StsHost<OnPostgres>>;

public sealed class HousekeepingTestsOnSqlite(StsHost<OnSqlite> fixture) : HousekeepingContract(fixture), IClassFixture<StsHost<OnSqlite>>;

/// <summary>
/// One housekeeping pass deletes what has expired, table by table, and keeps what is live or still retained; what clients
/// are answered stays what it was until a row is deleted. The host's clock is a ManualClock; the passes are run here
/// (the test hosts run none of their own). The host has STS's roles, for temporary credentials.
/// </summary>
public abstract class HousekeepingContract(StsHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private ManualClock Clock => fixture.Clock;

    private async Task<IReadOnlyDictionary<string, int>> Pass()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Housekeeping>().Run(CancellationToken.None);
    }

    private async Task<long> Count(string sql, params (string Name, object Value)[] parameters) => Convert.ToInt64(await _idp.Scalar(sql, parameters));

    private Task<long> RefreshTokenRows(string refreshToken) =>
        Count("""SELECT count(*) FROM "RefreshTokens" WHERE "TokenHash" = @hash""", ("hash", SecretProtector.HashToken(refreshToken)));

    private Task<JsonNode> GetTokens(TestClient client, string refreshToken) =>
        _idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = refreshToken });

    [Fact]
    public async Task A_challenge_session_never_answered_says_it_expired_for_a_day_then_is_deleted()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "ann", "Temp0rary!", "SUPPRESS");
        var answered = (await _idp.NewPasswordChallenge(client, "ann", "Temp0rary!"))["Session"].Str();
        var abandoned = (await _idp.NewPasswordChallenge(client, "ann", "Temp0rary!"))["Session"].Str();
        Task<long> Sessions() => Count("""SELECT count(*) FROM "AuthSessions" WHERE "ClientId" = @client""", ("client", client.Id));

        Clock.Advance(TimeSpan.FromMinutes(3) + Housekeeping.Retention);
        await Pass();

        Assert.Equal(2, await Sessions());
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, answered, "ann"),
            "Invalid session for the user, session is expired.");

        Clock.Advance(TimeSpan.FromSeconds(1));
        var live = (await _idp.NewPasswordChallenge(client, "ann", "Temp0rary!"))["Session"].Str();
        await Pass();

        Assert.Equal(1, await Sessions());
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, abandoned, "ann"), "Invalid session for the user.");
        Assert.NotNull((await _idp.RespondNewPassword(client, live, "ann"))["AuthenticationResult"]);
    }

    [Fact]
    public async Task An_expired_code_is_ExpiredCodeException_for_a_week_then_is_deleted()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "cat", IdpFlows.Password, ("email", "cat@example.com"));
        var late = await _idp.LatestCode(client.PoolId, "cat");
        Task<long> Codes(string username) => Count(
            """SELECT count(*) FROM "VerificationCodes" c JOIN "Users" u ON u."Id" = c."UserId" WHERE u."UserPoolId" = @pool AND u."Username" = @name""",
            ("pool", client.PoolId), ("name", username));

        Clock.Advance(TimeSpan.FromHours(24) + Housekeeping.CodeRetention);
        await _idp.SignUp(client, "dan", IdpFlows.Password, ("email", "dan@example.com"));
        await Pass();

        Assert.Equal(1, await Codes("cat"));
        await IdpFlows.Refused("ExpiredCodeException", () => _idp.ConfirmSignUp(client, "cat", late), "Invalid code provided, please request a code again.");

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(0, await Codes("cat"));
        Assert.Equal(1, await Codes("dan"));
        await IdpFlows.Refused("CodeMismatchException", () => _idp.ConfirmSignUp(client, "cat", late));
        await _idp.ConfirmSignUp(client, "dan", await _idp.LatestCode(client.PoolId, "dan"));
    }

    [Fact]
    public async Task An_expired_refresh_token_says_so_for_a_day_then_is_deleted_and_its_last_access_token_works_to_its_end()
    {
        // The shortest refresh token and the longest access token: the access token outlives its refresh token by a day.
        var client = await _idp.CreateClient(await _idp.CreatePool(),
            """{ "RefreshTokenValidity": 60, "AccessTokenValidity": 24, "TokenValidityUnits": { "RefreshToken": "minutes", "AccessToken": "hours" } }""");
        await _idp.ConfirmedUser(client, "eve");
        await _idp.ConfirmedUser(client, "fay");
        var refreshToken = (await _idp.SignIn(client, "eve"))["RefreshToken"].Str();
        Clock.Advance(TimeSpan.FromMinutes(59));
        var lastAccessToken = (await _idp.Refresh(client, refreshToken))["AuthenticationResult"]!["AccessToken"].Str();

        Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(1, await RefreshTokenRows(refreshToken));
        Assert.Equal("eve", (await _idp.GetUser(lastAccessToken))["Username"].Str());
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken), "Refresh Token has expired");

        Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));
        var live = (await _idp.SignIn(client, "fay"))["RefreshToken"].Str();
        await Pass();

        Assert.Equal(0, await RefreshTokenRows(refreshToken));
        Assert.Equal(1, await RefreshTokenRows(live));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, refreshToken), "Invalid Refresh Token");
        await _idp.Refresh(client, live);
    }

    [Fact]
    public async Task A_revoked_refresh_token_says_so_for_a_day_then_is_deleted()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "gil");
        var revoked = (await _idp.SignIn(client, "gil"))["RefreshToken"].Str();
        var live = (await _idp.SignIn(client, "gil"))["RefreshToken"].Str();
        await _idp.Aws.Idp("RevokeToken", new { ClientId = client.Id, Token = revoked });

        Clock.Advance(Housekeeping.Retention);
        await Pass();

        Assert.Equal(1, await RefreshTokenRows(revoked));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, revoked), "Refresh Token has been revoked");

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(0, await RefreshTokenRows(revoked));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, revoked), "Invalid Refresh Token");
        await _idp.Refresh(client, live);
    }

    [Fact]
    public async Task A_rotated_out_refresh_token_is_reuse_for_a_day_past_its_grace_then_is_deleted_and_its_family_lives_on()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool(), """{ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 } }""");
        await _idp.ConfirmedUser(client, "hal");
        var first = (await _idp.SignIn(client, "hal"))["RefreshToken"].Str();
        var second = (await GetTokens(client, first))["AuthenticationResult"]!["RefreshToken"].Str();
        Task<long> Rotated() => Count("""SELECT count(*) FROM "RotatedRefreshTokens" WHERE "TokenHash" = @hash""", ("hash", SecretProtector.HashToken(first)));

        Clock.Advance(TimeSpan.FromSeconds(10) + Housekeeping.Retention);
        await Pass();

        Assert.Equal(1, await Rotated());
        await IdpFlows.Refused("RefreshTokenReuseException", () => GetTokens(client, first), "Refresh Token has been reused");

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(0, await Rotated());
        await IdpFlows.Refused("NotAuthorizedException", () => GetTokens(client, first), "Invalid Refresh Token");
        Assert.NotNull((await GetTokens(client, second))["AuthenticationResult"]!["RefreshToken"]);
    }

    [Fact]
    public async Task The_pages_codes_sessions_and_spent_form_tokens_go_once_expired_and_a_spent_form_token_refuses_its_form_until_then()
    {
        var pages = new LoginPagesClient(fixture.Host);
        var client = await pages.WebClient();
        await pages.Flows.ConfirmedUser(client, "ivy");
        var login = await pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var nonce = LoginPagesClient.FormOf(login).Hidden["_csrf"].Split('.')[0];
        var back = await pages.Submit(login, ("username", "ivy"), ("password", IdpFlows.Password));
        var code = back.RedirectParameters()["code"];
        var session = LoginPagesClient.SetCookie(back, LoginPagesClient.SessionCookieName(client))!.Split(';')[0];
        Task<long> Codes() => Count("""SELECT count(*) FROM "AuthorizationCodes" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId));
        Task<long> Sessions() => Count("""SELECT count(*) FROM "LoginSessions" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId));
        Task<long> SpentTokens() => Count("""SELECT count(*) FROM "SpentFormTokens" WHERE "Nonce" = @nonce""", ("nonce", nonce));

        Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal((0, 1, 1), (await Codes(), await Sessions(), await SpentTokens()));
        OAuthHttp.IsError(await pages.Exchange(client, code), HttpStatusCode.BadRequest, "invalid_grant");
        var again = await pages.Submit(login, ("username", "ivy"), ("password", IdpFlows.Password));
        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
        Assert.Equal("The form has expired or was already sent. Go back to the sign-in page and try again.", again.Alert);

        Clock.Advance(TimeSpan.FromMinutes(55));
        await Pass();

        Assert.Equal((0, 1), (await Sessions(), await SpentTokens()));
        var authorize = await pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), session);
        Assert.Equal(HttpStatusCode.Redirect, authorize.Status);
        Assert.StartsWith("/login?", authorize.Location);

        Clock.Advance(Housekeeping.ClockMargin);
        await Pass();

        Assert.Equal(0, await SpentTokens());
    }

    [Fact]
    public async Task A_spent_SAML_assertion_refuses_its_replay_until_it_expires_then_is_deleted()
    {
        const string audience = "urn:amazon:cognito:sp:us-east-1_Saml";
        const string acsUrl = "https://saml.auth.us-east-1.amazoncognito.com/saml2/idpresponse";
        var idp = new SamlTestIdp();
        var content = new SamlResponseContent(audience, acsUrl, Clock.GetUtcNow()) { InResponseTo = "_request1" };
        var response = idp.SignedAssertion(content);
        async Task<SamlAssertion> Verify()
        {
            await using var scope = fixture.Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SamlResponses>().Verify(response, idp.Metadata, audience, acsUrl, "_request1", CancellationToken.None);
        }
        async Task Refused(string message) => Assert.Equal("Invalid SAML response received: " + message, (await Assert.ThrowsAsync<SamlException>(Verify)).Message);
        Task<long> Spent() => Count("""SELECT count(*) FROM "SpentSamlAssertions" WHERE "Id" = @id""", ("id", SecretProtector.HashToken(idp.EntityId + "|" + content.AssertionId)));
        var notOnOrAfter = (await Verify()).NotOnOrAfter;

        // Its last moment: NotOnOrAfter plus the clock skew allowed to the IdP.
        Clock.Advance(notOnOrAfter + SamlResponses.ClockSkew - Clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(1, await Spent());
        await Refused("SAML Assertion has already been used.");

        Clock.Advance(TimeSpan.FromSeconds(1) + Housekeeping.ClockMargin + TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(0, await Spent());
        await Refused("SAML Assertion has expired.");
    }

    [Fact]
    public async Task Expired_temporary_credentials_are_ExpiredTokenException_for_a_day_then_are_deleted()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());
        var issued = (await new StsClient(fixture.Host.CreateClient())
            .Call("AssumeRoleWithWebIdentity", ("RoleArn", StsHost.NotesRole), ("RoleSessionName", "app"), ("WebIdentityToken", token)))
            .Element(StsClient.Ns + "Credentials")!;
        var accessKeyId = issued.Element(StsClient.Ns + "AccessKeyId")!.Value;
        var credentials = new SessionAWSCredentials(accessKeyId, issued.Element(StsClient.Ns + "SecretAccessKey")!.Value, issued.Element(StsClient.Ns + "SessionToken")!.Value);
        Task<long> Rows() => Count("""SELECT count(*) FROM "IssuedCredentials" WHERE "AccessKeyId" = @key""", ("key", accessKeyId));
        // A policy decision, signed with the credentials: what an API that trusts them asks.
        async Task<string> Refusal()
        {
            var signing = new AWSSigV4Parameters
            {
                Credentials = credentials,
                Region = RegionEndpoint.USEast1,
                Service = "execute-api",
                SignedAt = Clock.GetUtcNow().UtcDateTime,
            };
            using var http = new HttpClient(new SigV4SigningHandler(signing, fixture.Host.Server.CreateHandler())) { BaseAddress = fixture.Host.Server.BaseAddress };
            using var response = await http.PostAsync("/_policy/decide",
                new StringContent("""{ "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/a" }""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["__type"].Str();
        }

        // AssumeRoleWithWebIdentity's default duration: an hour.
        Clock.Advance(TimeSpan.FromHours(1) + Housekeeping.Retention);
        await Pass();

        Assert.Equal(1, await Rows());
        Assert.Equal("ExpiredTokenException", await Refusal());

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Pass();

        Assert.Equal(0, await Rows());
        Assert.Equal("UnrecognizedClientException", await Refusal());
    }

    [Fact]
    public async Task A_federated_sign_in_never_finished_is_deleted_once_expired()
    {
        var poolId = await _idp.CreatePool();
        var now = Clock.GetUtcNow().UtcDateTime;
        PendingFederatedSignIn Pending(DateTime expiresAt) => new()
        {
            StateHash = SecretProtector.HashToken(Guid.NewGuid().ToString()),
            UserPoolId = poolId,
            ProviderName = "Corp",
            AuthorizeParameters = "client_id=x",
            ExpiresAt = expiresAt,
        };
        var (expired, live) = (Pending(now - TimeSpan.FromSeconds(1)), Pending(now + TimeSpan.FromMinutes(1)));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            db.PendingFederatedSignIns.AddRange(expired, live);
            await db.SaveChangesAsync();
        }

        Task<long> Rows(PendingFederatedSignIn pending) =>
            Count("""SELECT count(*) FROM "PendingFederatedSignIns" WHERE "StateHash" = @hash""", ("hash", pending.StateHash));

        await Pass();

        Assert.Equal((0, 1), (await Rows(expired), await Rows(live)));
    }

    [Fact]
    public async Task A_pass_deletes_in_batches_until_no_expired_row_is_left()
    {
        await Pass();
        var expiredAt = Clock.GetUtcNow().UtcDateTime - Housekeeping.ClockMargin - TimeSpan.FromSeconds(1);
        var expired = Enumerable.Range(0, 2 * Housekeeping.BatchSize + 500)
            .Select(i => new SpentFormToken { Nonce = Guid.NewGuid().ToString("N"), ExpiresAt = expiredAt }).ToList();
        var live = new SpentFormToken { Nonce = Guid.NewGuid().ToString("N"), ExpiresAt = Clock.GetUtcNow().UtcDateTime };
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            db.SpentFormTokens.AddRange([.. expired, live]);
            await db.SaveChangesAsync();
        }

        var deleted = await Pass();

        Assert.Equal(2 * Housekeeping.BatchSize + 500, deleted[nameof(CognitoDbContext.SpentFormTokens)]);
        Assert.Equal(1, await Count("""SELECT count(*) FROM "SpentFormTokens" WHERE "Nonce" = @nonce""", ("nonce", live.Nonce)));
    }
}
