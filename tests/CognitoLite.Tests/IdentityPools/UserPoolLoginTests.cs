using System.Net;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

public sealed class UserPoolLoginOnPostgres(IdentityHost<OnPostgres> fixture) : UserPoolLoginTests(fixture), IClassFixture<IdentityHost<OnPostgres>>;

public sealed class UserPoolLoginOnSqlite(IdentityHost<OnSqlite> fixture) : UserPoolLoginTests(fixture), IClassFixture<IdentityHost<OnSqlite>>;

/// <summary>GetId and GetCredentialsForIdentity with user-pool ID tokens: what is accepted, what is refused, and what is issued.</summary>
public abstract class UserPoolLoginTests(IdentityHost fixture)
{
    private readonly IdentityFlows _flows = new(fixture.Host);

    private static Dictionary<string, string> Logins(TestClient client, string idToken) => new() { [IdentityFlows.ProviderName(client.PoolId)] = idToken };

    private const string LoginsDontMatch = "Logins don't match. Please include at least one valid login for this identity or identity pool.";

    /// <summary>NotAuthorizedException (HTTP 403) with this message, when given.</summary>
    internal static async Task<AwsErrorException> NotAuthorized(Func<Task> call, string? message = null)
    {
        var error = await Expect.Error("NotAuthorizedException", HttpStatusCode.Forbidden, call);
        if (message is not null) Assert.Equal(message, error.AwsMessage);
        return error;
    }

    [Fact]
    public async Task A_signed_in_user_gets_one_identity_and_temporary_credentials_for_the_authenticated_role()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();

        var identityId = await _flows.GetId(poolId, Logins(client, idToken));
        var again = await _flows.GetId(poolId, Logins(client, idToken));
        var response = await _flows.Credentials(identityId, Logins(client, idToken));

        Assert.Equal(identityId, again);
        Assert.Matches("^us-east-1:[0-9a-f-]{36}$", identityId);
        Assert.Equal(identityId, response["IdentityId"].Str());
        var credentials = response["Credentials"]!;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", credentials["AccessKeyId"].Str());
        Assert.Equal(40, credentials["SecretKey"].Str().Length);
        Assert.False(string.IsNullOrEmpty(credentials["SessionToken"].Str()));
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds() / 1000.0, credentials["Expiration"]!.GetValue<double>(), precision: 2);
        var stored = await _flows.Issued(credentials["AccessKeyId"].Str());
        var provider = IdentityFlows.ProviderName(client.PoolId);
        Assert.Contains($"RoleArn={IdentityFlows.AuthRole}", stored, StringComparison.Ordinal);
        Assert.Contains($"\"authenticated\",\"{provider}\",\"{provider}:CognitoSignIn:", stored, StringComparison.Ordinal);
        Assert.Contains($"IdentityId={identityId} | Audience={poolId} | RoleSessionName=CognitoIdentityCredentials", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_sign_ins_of_one_user_make_one_identity()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _flows.GetId(poolId, Logins(client, idToken))));

        Assert.Single(ids.Distinct());
        var listed = await _flows.Aws.Identity("ListIdentities", new { IdentityPoolId = poolId, MaxResults = 60 });
        Assert.Single(listed["Identities"]!.AsArray());
    }

    [Fact]
    public async Task The_login_key_may_be_our_own_issuer_without_its_scheme()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        var iss = TestJwt.Claims(idToken)["iss"].Str();

        var viaIssuer = await _flows.GetId(poolId, new() { [iss[(iss.IndexOf("://", StringComparison.Ordinal) + 3)..]] = idToken });
        var viaAwsForm = await _flows.GetId(poolId, Logins(client, idToken));

        Assert.Equal(viaAwsForm, viaIssuer);
        var described = await _flows.Aws.Identity("DescribeIdentity", new { IdentityId = viaIssuer });
        Assert.Equal([IdentityFlows.ProviderName(client.PoolId)], described["Logins"].Strings());
    }

    [Fact]
    public async Task Tampered_foreign_unsigned_and_access_tokens_are_refused()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        var claims = TestJwt.Claims(idToken);
        claims["sub"] = Guid.NewGuid().ToString();
        var parts = idToken.Split('.');
        var tampered = $"{parts[0]}.{TestJwt.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        using var forger = RSA.Create(2048);
        var forged = TestJwt.Sign(TestJwt.Header(idToken), TestJwt.Claims(idToken), forger);
        var unsigned = TestJwt.Sign(TestJwt.Header(idToken), TestJwt.Claims(idToken), null);
        var accessToken = (await _flows.Idp.SignIn(client, TestJwt.Claims(idToken)["cognito:username"].Str()))["AccessToken"].Str();

        foreach (var bad in new[] { tampered, forged, unsigned })
            await NotAuthorized(() => _flows.GetId(poolId, Logins(client, bad)), "Invalid login token. Couldn't verify signed token.");
        await NotAuthorized(() => _flows.GetId(poolId, Logins(client, "not-a-jwt")), "Invalid login token. Not a valid OpenId Connect identity token.");
        await NotAuthorized(() => _flows.GetId(poolId, Logins(client, accessToken)), "Invalid login token. Missing a required claim: aud");
    }

    [Fact]
    public async Task An_expired_token_is_refused_saying_so()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var error = await NotAuthorized(() => _flows.GetId(poolId, Logins(client, idToken)));
            Assert.StartsWith("Invalid login token. Token expired: ", error.AwsMessage, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromHours(-2));
        }
    }

    [Fact]
    public async Task Tokens_of_other_clients_or_unconfigured_pools_are_not_from_a_supported_provider()
    {
        var (client, poolId, _) = await _flows.SignedInUser();
        var otherClient = await _flows.Idp.CreateClient(client.PoolId);
        var otherPool = await _flows.Idp.CreatePoolAndClient();

        var wrongAudience = await _flows.IdToken(otherClient, "other-client-user");
        var unconfigured = await _flows.IdToken(otherPool, "other-pool-user");

        await NotAuthorized(() => _flows.GetId(poolId, Logins(client, wrongAudience)), "Token is not from a supported provider of this identity pool.");
        await NotAuthorized(() => _flows.GetId(poolId, Logins(otherPool, unconfigured)), "Token is not from a supported provider of this identity pool.");
        await NotAuthorized(() => _flows.GetId(poolId, new() { ["graph.facebook.com"] = "token" }), "Token is not from a supported provider of this identity pool.");
        // A token under another pool's key: the key is configured, the signature is not that pool's.
        await NotAuthorized(() => _flows.GetId(poolId, new() { [IdentityFlows.ProviderName(client.PoolId)] = unconfigured }), "Invalid login token. Couldn't verify signed token.");
    }

    [Fact]
    public async Task With_ServerSideTokenCheck_a_signed_out_users_token_is_refused()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser(serverSideTokenCheck: true);
        var username = TestJwt.Claims(idToken)["cognito:username"].Str();
        var identityId = await _flows.GetId(poolId, Logins(client, idToken));

        await _flows.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = username });

        await NotAuthorized(() => _flows.Credentials(identityId, Logins(client, idToken)), "Invalid login token. Token has been revoked.");
    }

    [Fact]
    public async Task Without_ServerSideTokenCheck_a_signed_out_users_token_still_works_until_it_expires()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        var username = TestJwt.Claims(idToken)["cognito:username"].Str();
        await _flows.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = username });

        var identityId = await _flows.GetId(poolId, Logins(client, idToken));

        Assert.NotNull((await _flows.Credentials(identityId, Logins(client, idToken)))["Credentials"]);
    }

    [Fact]
    public async Task Guests_get_new_identities_and_the_unauthenticated_role_only_when_the_pool_allows_them()
    {
        var (_, openPool, _) = await _flows.SignedInUser(allowGuests: true);
        var (_, closedPool, _) = await _flows.SignedInUser(allowGuests: false);

        var guest = await _flows.GetId(openPool);
        var another = await _flows.GetId(openPool);
        var credentials = (await _flows.Credentials(guest))["Credentials"]!;

        Assert.NotEqual(guest, another);
        var stored = await _flows.Issued(credentials["AccessKeyId"].Str());
        Assert.Contains($"RoleArn={IdentityFlows.GuestRole} | Amr=[\"unauthenticated\"]", stored, StringComparison.Ordinal);
        await NotAuthorized(() => _flows.GetId(closedPool), "Unauthenticated access is not supported for this identity pool.");
    }

    [Fact]
    public async Task A_guest_identity_becomes_authenticated_when_it_comes_with_a_login_and_then_needs_it()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser(allowGuests: true);
        var guest = await _flows.GetId(poolId);

        await _flows.Credentials(guest, Logins(client, idToken));

        Assert.Equal(guest, await _flows.GetId(poolId, Logins(client, idToken)));
        await NotAuthorized(() => _flows.Credentials(guest), LoginsDontMatch);
        var stranger = await _flows.IdToken(client, "stranger");
        await NotAuthorized(() => _flows.Credentials(guest, Logins(client, stranger)), LoginsDontMatch);
    }

    [Fact]
    public async Task Logins_of_two_user_pools_link_to_one_identity_and_conflict_when_they_name_two()
    {
        var first = await _flows.Idp.CreatePoolAndClient();
        var second = await _flows.Idp.CreatePoolAndClient();
        var poolId = await _flows.CreatePool(new
        {
            CognitoIdentityProviders = new[]
            {
                new { ProviderName = IdentityFlows.ProviderName(first.PoolId), ClientId = first.Id },
                new { ProviderName = IdentityFlows.ProviderName(second.PoolId), ClientId = second.Id },
            },
        });
        var alice1 = await _flows.IdToken(first, "alice");
        var alice2 = await _flows.IdToken(second, "alice");
        var bob2 = await _flows.IdToken(second, "bob");

        var alice = await _flows.GetId(poolId, Logins(first, alice1));
        var linked = await _flows.GetId(poolId, new() { [IdentityFlows.ProviderName(first.PoolId)] = alice1, [IdentityFlows.ProviderName(second.PoolId)] = alice2 });
        var bob = await _flows.GetId(poolId, Logins(second, bob2));

        Assert.Equal(alice, linked);
        Assert.Equal(alice, await _flows.GetId(poolId, Logins(second, alice2)));
        Assert.NotEqual(alice, bob);
        await Expect.Error("ResourceConflictException", HttpStatusCode.Conflict,
            () => _flows.GetId(poolId, new() { [IdentityFlows.ProviderName(first.PoolId)] = alice1, [IdentityFlows.ProviderName(second.PoolId)] = bob2 }));
        var described = await _flows.Aws.Identity("DescribeIdentity", new { IdentityId = alice });
        Assert.Equal(new[] { IdentityFlows.ProviderName(first.PoolId), IdentityFlows.ProviderName(second.PoolId) }.Order(StringComparer.Ordinal), described["Logins"].Strings());
    }

    [Fact]
    public async Task A_pool_without_roles_is_an_invalid_configuration_for_credentials()
    {
        var client = await _flows.Idp.CreatePoolAndClient();
        var poolId = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = IdentityFlows.ProviderName(client.PoolId), ClientId = client.Id } } });
        var idToken = await _flows.IdToken(client, "roleless");
        var identityId = await _flows.GetId(poolId, Logins(client, idToken));

        var error = await Expect.Error("InvalidIdentityPoolConfigurationException", HttpStatusCode.BadRequest, () => _flows.Credentials(identityId, Logins(client, idToken)));
        Assert.Equal("Invalid identity pool configuration. Check assigned IAM roles for this pool.", error.AwsMessage);
    }

    [Fact]
    public async Task GetOpenIdToken_gives_a_ten_minute_token_about_the_identity()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        var identityId = await _flows.GetId(poolId, Logins(client, idToken));

        var response = await _flows.Aws.Identity("GetOpenIdToken", new { IdentityId = identityId, Logins = Logins(client, idToken) });

        var claims = TestJwt.Claims(response["Token"].Str());
        Assert.Equal(identityId, response["IdentityId"].Str());
        Assert.Equal(identityId, claims["sub"].Str());
        Assert.Equal(poolId, claims["aud"].Str());
        Assert.Equal(600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal("authenticated", claims["amr"]!.AsArray()[0].Str());
        await NotAuthorized(() => _flows.Aws.Identity("GetOpenIdToken", new { IdentityId = identityId }), LoginsDontMatch);
    }

    [Fact]
    public async Task Unknown_identities_are_ResourceNotFound()
    {
        var error = await Expect.NotFound(() => _flows.Credentials("us-east-1:00000000-0000-0000-0000-000000000000"));
        Assert.Equal("Identity 'us-east-1:00000000-0000-0000-0000-000000000000' not found.", error.AwsMessage);
        await Expect.Error("ValidationException", System.Net.HttpStatusCode.BadRequest, () => _flows.Credentials("us-east-1:NOT-HEX"));
    }

    [Fact]
    public async Task UnlinkIdentity_removes_a_login_after_the_caller_proves_the_identity_is_theirs()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser();
        var identityId = await _flows.GetId(poolId, Logins(client, idToken));
        var provider = IdentityFlows.ProviderName(client.PoolId);
        var stranger = await _flows.IdToken(client, "unlinker");

        await NotAuthorized(() => _flows.Aws.Identity("UnlinkIdentity", new { IdentityId = identityId, Logins = Logins(client, stranger), LoginsToRemove = new[] { provider } }));
        await _flows.Aws.Identity("UnlinkIdentity", new { IdentityId = identityId, Logins = Logins(client, idToken), LoginsToRemove = new[] { provider } });

        Assert.Empty((await _flows.Aws.Identity("DescribeIdentity", new { IdentityId = identityId }))["Logins"]!.AsArray());
        Assert.NotEqual(identityId, await _flows.GetId(poolId, Logins(client, idToken)));
    }

    [Fact]
    public async Task ListIdentities_pages_the_pools_identities_with_their_logins_and_DeleteIdentities_removes_them()
    {
        var (client, poolId, idToken) = await _flows.SignedInUser(allowGuests: true);
        var ids = new[] { await _flows.GetId(poolId, Logins(client, idToken)), await _flows.GetId(poolId), await _flows.GetId(poolId) };

        var first = await _flows.Aws.Identity("ListIdentities", new { IdentityPoolId = poolId, MaxResults = 2 });
        var second = await _flows.Aws.Identity("ListIdentities", new { IdentityPoolId = poolId, MaxResults = 2, NextToken = first["NextToken"].Str() });

        var listed = first["Identities"]!.AsArray().Concat(second["Identities"]!.AsArray()).ToList();
        Assert.Null(second["NextToken"]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(i => i!["IdentityId"].Str()));
        Assert.Equal([IdentityFlows.ProviderName(client.PoolId)], listed.Single(i => i!["IdentityId"].Str() == ids[0])!["Logins"].Strings());
        Expect.IsEpochSeconds(listed[0]!["CreationDate"]);
        Assert.Equal(poolId, first["IdentityPoolId"].Str());

        var deleted = await _flows.Aws.Identity("DeleteIdentities", new { IdentityIdsToDelete = ids.Append("us-east-1:00000000-0000-0000-0000-000000000000") });

        Assert.Empty(deleted["UnprocessedIdentityIds"]!.AsArray());
        await Expect.NotFound(() => _flows.Aws.Identity("DescribeIdentity", new { IdentityId = ids[0] }));
        Assert.Empty((await _flows.Aws.Identity("ListIdentities", new { IdentityPoolId = poolId, MaxResults = 10 }))["Identities"]!.AsArray());
        await Expect.Error("ValidationException", System.Net.HttpStatusCode.BadRequest, () => _flows.Aws.Identity("DeleteIdentities", new { IdentityIdsToDelete = Array.Empty<string>() }));
    }
}
