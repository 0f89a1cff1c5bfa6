using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using CognitoLite.Tests.IdentityPools;
using CognitoLite.Tests.Infrastructure;
using static CognitoLite.Tests.Sts.StsClient;

namespace CognitoLite.Tests.Sts;

public sealed class OidcWebIdentityTestsOnPostgres(IdentityHost<OnPostgres> fixture) : OidcWebIdentityContract(fixture), IClassFixture<IdentityHost<OnPostgres>>;

public sealed class OidcWebIdentityTestsOnSqlite(IdentityHost<OnSqlite> fixture) : OidcWebIdentityContract(fixture), IClassFixture<IdentityHost<OnSqlite>>;

/// <summary>AssumeRoleWithWebIdentity with ID tokens of a configured external OIDC provider (JWKS from a file).</summary>
public abstract class OidcWebIdentityContract(IdentityHost fixture)
{
    private const string Role = "arn:aws:iam::000000000000:role/Partners";

    private Task<XElement> Assume(string token) => new StsClient(fixture.Host.CreateClient()).Call("AssumeRoleWithWebIdentity",
        ("RoleArn", Role), ("RoleSessionName", "partner"), ("WebIdentityToken", token));

    [Fact]
    public async Task A_providers_id_token_gives_credentials_reported_under_the_issuer_without_its_scheme()
    {
        var result = await Assume(fixture.ExternalToken(IdentityHost.OidcIssuer, "partner-7", "partner-app"));

        Assert.Equal("login.example.com", result.Element(Ns + "Provider")!.Value);
        Assert.Equal("partner-7", result.Element(Ns + "SubjectFromWebIdentityToken")!.Value);
        Assert.Equal("partner-app", result.Element(Ns + "Audience")!.Value);
        Assert.StartsWith("ASIA", result.Element(Ns + "Credentials")!.Element(Ns + "AccessKeyId")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_provider_token_is_ExpiredTokenException()
    {
        var token = fixture.ExternalToken(IdentityHost.OidcIssuer, "partner-7", "partner-app", lifetime: TimeSpan.FromMinutes(-1));

        await Error("ExpiredTokenException", HttpStatusCode.BadRequest, () => Assume(token));
    }

    [Fact]
    public async Task A_token_under_a_configured_issuer_but_signed_by_another_key_is_InvalidIdentityToken()
    {
        using var forger = RSA.Create(2048);

        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest,
            () => Assume(fixture.ExternalToken(IdentityHost.OidcIssuer, "partner-7", "partner-app", forger)));
        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest,
            () => Assume(fixture.ExternalToken("https://unknown.example.org", "partner-7", "partner-app", fixture.OidcKey)));
    }
}
