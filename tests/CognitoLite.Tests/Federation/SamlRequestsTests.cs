using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using CognitoLite.Core.Federation;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Federation;

public sealed class SamlRequestsTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : SamlRequestsContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class SamlRequestsTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : SamlRequestsContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// The AuthnRequest and LogoutRequest a pool sends over the HTTP-Redirect binding, read back as an IdP reads them:
/// inflated, and with the signature checked against the certificate GetSigningCertificate returns.
/// </summary>
public abstract class SamlRequestsContract(ManualClockHost fixture)
{
    private const string AcsUrl = "https://saml.auth.us-east-1.amazoncognito.com/saml2/idpresponse";
    private static readonly XNamespace Samlp = SamlTestIdp.Protocol;
    private static readonly XNamespace Saml = SamlTestIdp.Assertion;

    private readonly SamlTestIdp _idp = new();

    private AwsClient Aws { get; } = fixture.Host.Aws();

    private async Task<T> WithRequests<T>(Func<SamlRequests, Task<T>> use)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<SamlRequests>());
    }

    [Fact]
    public async Task A_signed_AuthnRequest_names_the_pool_and_verifies_with_its_signing_certificate()
    {
        var poolId = await Aws.CreatePool();
        var relayState = "opaque-" + new string('r', 100);
        var redirect = await WithRequests(r => r.AuthnRequest(poolId, _idp.Metadata, AcsUrl, relayState, "rsa-sha256", CancellationToken.None));

        Assert.StartsWith("https://idp.example.com/sso?SAMLRequest=", redirect.Url, StringComparison.Ordinal);
        var query = Query(redirect.Url);
        Assert.Equal(["SAMLRequest", "RelayState", "SigAlg", "Signature"], query.Select(p => p.Name));
        Assert.Equal(relayState, query[1].Value);
        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", query[2].Value);

        var request = Inflate(query[0].Value);
        Assert.Equal(Samlp + "AuthnRequest", request.Name);
        Assert.Equal(redirect.RequestId, (string?)request.Attribute("ID"));
        Assert.Matches("^_[0-9a-f]{32}$", redirect.RequestId);
        Assert.Equal("2.0", (string?)request.Attribute("Version"));
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), (string?)request.Attribute("IssueInstant"));
        Assert.Equal("https://idp.example.com/sso", (string?)request.Attribute("Destination"));
        Assert.Equal(AcsUrl, (string?)request.Attribute("AssertionConsumerServiceURL"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", (string?)request.Attribute("ProtocolBinding"));
        Assert.Equal($"urn:amazon:cognito:sp:{poolId}", request.Element(Saml + "Issuer")?.Value);
        Assert.NotNull(request.Element(Samlp + "NameIDPolicy"));

        await AssertSignedByPool(poolId, redirect.Url);
    }

    [Fact]
    public async Task Without_a_signing_algorithm_the_request_is_unsigned_and_joins_an_existing_query()
    {
        var poolId = await Aws.CreatePool();
        var idp = _idp.Metadata with { SsoRedirectUrl = "https://idp.example.com/sso?tenant=a" };
        var redirect = await WithRequests(r => r.AuthnRequest(poolId, idp, AcsUrl, "state", null, CancellationToken.None));

        Assert.StartsWith("https://idp.example.com/sso?tenant=a&SAMLRequest=", redirect.Url, StringComparison.Ordinal);
        Assert.Equal(["tenant", "SAMLRequest", "RelayState"], Query(redirect.Url).Select(p => p.Name));
    }

    [Fact]
    public async Task A_signed_LogoutRequest_names_the_user_and_session()
    {
        var poolId = await Aws.CreatePool();
        var redirect = await WithRequests(r => r.LogoutRequest(
            poolId, _idp.Metadata, "alice@example.com", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "_session1", "back",
            "rsa-sha256", CancellationToken.None));

        Assert.StartsWith("https://idp.example.com/slo?SAMLRequest=", redirect.Url, StringComparison.Ordinal);
        var request = Inflate(Query(redirect.Url)[0].Value);
        Assert.Equal(Samlp + "LogoutRequest", request.Name);
        Assert.Equal(redirect.RequestId, (string?)request.Attribute("ID"));
        Assert.Equal("https://idp.example.com/slo", (string?)request.Attribute("Destination"));
        Assert.Equal($"urn:amazon:cognito:sp:{poolId}", request.Element(Saml + "Issuer")?.Value);
        var nameId = request.Element(Saml + "NameID")!;
        Assert.Equal("alice@example.com", nameId.Value);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", (string?)nameId.Attribute("Format"));
        Assert.Equal("_session1", request.Element(Samlp + "SessionIndex")?.Value);

        await AssertSignedByPool(poolId, redirect.Url);
    }

    [Fact]
    public async Task An_IdP_without_a_redirect_binding_cannot_be_sent_a_request()
    {
        var poolId = await Aws.CreatePool();
        var idp = _idp.Metadata with { SsoRedirectUrl = null, SloRedirectUrl = null };
        var sso = await Assert.ThrowsAsync<SamlException>(() => WithRequests(r => r.AuthnRequest(poolId, idp, AcsUrl, "s", null, CancellationToken.None)));
        Assert.Equal("No SingleSignOn Http redirect binding location found in metadata.", sso.Message);
        var slo = await Assert.ThrowsAsync<SamlException>(() => WithRequests(r => r.LogoutRequest(poolId, idp, "alice", null, null, null, null, CancellationToken.None)));
        Assert.Equal("No SingleLogout Http redirect binding location found in metadata.", slo.Message);
    }

    /// <summary>The Signature covers the query exactly as sent, up to it (SAML bindings §3.4.4.1), under the pool's certificate.</summary>
    private async Task AssertSignedByPool(string poolId, string url)
    {
        var certificate = (await Aws.Idp("GetSigningCertificate", new { UserPoolId = poolId }))["Certificate"].Str();
        using var x509 = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate));
        var query = url[(url.IndexOf('?') + 1)..];
        var at = query.IndexOf("&Signature=", StringComparison.Ordinal);
        var signature = Convert.FromBase64String(Uri.UnescapeDataString(query[(at + "&Signature=".Length)..]));
        using var key = x509.GetRSAPublicKey()!;
        Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(query[..at]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        // Any change to the signed octets breaks it.
        Assert.False(key.VerifyData(Encoding.UTF8.GetBytes(query[..at] + "x"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static List<(string Name, string Value)> Query(string url) =>
        url[(url.IndexOf('?') + 1)..].Split('&')
            .Select(p => p.Split('=', 2))
            .Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])))
            .ToList();

    private static XElement Inflate(string samlRequest)
    {
        using var inflate = new DeflateStream(new MemoryStream(Convert.FromBase64String(samlRequest)), CompressionMode.Decompress);
        return XElement.Load(inflate);
    }
}
