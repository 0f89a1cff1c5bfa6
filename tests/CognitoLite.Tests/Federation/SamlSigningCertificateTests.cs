using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.UserPools;

namespace CognitoLite.Tests.Federation;

public sealed class SamlSigningCertificateTestsOnPostgres(PostgresHost fixture) : SamlSigningCertificateContract(fixture), IClassFixture<PostgresHost>;

public sealed class SamlSigningCertificateTestsOnSqlite(SqliteHost fixture) : SamlSigningCertificateContract(fixture), IClassFixture<SqliteHost>;

/// <summary>GetSigningCertificate: the pool's SAML signing certificate, made on first use and the same ever after.</summary>
public abstract class SamlSigningCertificateContract(HostFixture fixture)
{
    private AwsClient Aws { get; } = fixture.Host.Aws();

    private async Task<string> Certificate(string poolId) =>
        (await Aws.Idp("GetSigningCertificate", new { UserPoolId = poolId }))["Certificate"].Str();

    [Fact]
    public async Task The_certificate_is_a_ten_year_self_signed_RSA_certificate_naming_the_pool()
    {
        var poolId = await Aws.CreatePool();
        var base64 = await Certificate(poolId);

        // Bare base64 of the DER: no PEM armour, no line breaks.
        Assert.DoesNotContain("-----", base64, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", base64, StringComparison.Ordinal);
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
        Assert.Equal($"CN=urn:amazon:cognito:sp:{poolId}, O=CognitoLite", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        using var key = certificate.GetRSAPublicKey();
        Assert.Equal(2048, key!.KeySize);
        Assert.Equal(3653, (certificate.NotAfter - certificate.NotBefore).TotalDays);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal("sha256RSA", certificate.SignatureAlgorithm.FriendlyName);

        Assert.Equal(base64, await Certificate(poolId));
    }

    [Fact]
    public async Task Concurrent_first_calls_all_get_the_one_certificate_stored()
    {
        var poolId = await Aws.CreatePool();
        var certificates = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Certificate(poolId)));

        Assert.Single(certificates.Distinct());
        var rows = await StoredRows.Read(fixture.Host, $"SELECT \"Certificate\", \"PrivateKeyCipher\" FROM \"SamlSigningCertificates\" WHERE \"UserPoolId\" = '{poolId}'");
        var row = Assert.Single(rows);
        Assert.StartsWith($"Certificate={certificates[0]} | PrivateKeyCipher=", row, StringComparison.Ordinal);
        // The private key is stored encrypted: its column does not hold a PKCS#8 key.
        var cipher = Convert.FromBase64String(row[(row.IndexOf("PrivateKeyCipher=", StringComparison.Ordinal) + "PrivateKeyCipher=".Length)..]);
        using var rsa = RSA.Create();
        Assert.ThrowsAny<CryptographicException>(() => rsa.ImportPkcs8PrivateKey(cipher, out _));
    }

    [Fact]
    public async Task An_unknown_pool_has_none()
    {
        var error = await Expect.NotFound(() => Aws.Idp("GetSigningCertificate", new { UserPoolId = "us-east-1_Nope" }));
        Assert.Equal("User pool us-east-1_Nope does not exist.", error.AwsMessage);
        await Expect.InvalidParameter(() => Aws.Idp("GetSigningCertificate", new { UserPoolId = "no-underscore" }));
    }
}
