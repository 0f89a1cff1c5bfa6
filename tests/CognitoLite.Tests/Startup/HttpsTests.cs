using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Startup;

/// <summary>
/// `--urls https://…` with a certificate from configuration, the Kestrel way (PEM certificate and key, or a PFX with its
/// password), on the real server process; and the start-up line it logs at Information with the default log levels.
/// </summary>
public sealed class HttpsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-https-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("pem", "development")]
    [InlineData("pfx", "production")]
    public async Task The_server_answers_over_https_with_a_configured_certificate(string format, string mode)
    {
        using var certificate = SelfSigned();
        string[] certificateArgs = format == "pem"
            ? ["--Kestrel:Certificates:Default:Path", Write("cert.pem", certificate.ExportCertificatePem()),
               "--Kestrel:Certificates:Default:KeyPath", Write("key.pem", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem())]
            : ["--Kestrel:Certificates:Default:Path", WriteBytes("cert.pfx", certificate.Export(X509ContentType.Pfx, "pfx-password")),
               "--Kestrel:Certificates:Default:Password", "pfx-password"];
        string[] modeArgs = mode == "production"
            ? ["--mode", "production", "--CognitoLite:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
               "--CognitoLite:AdminCredentials:0:AccessKeyId", "AKIAHTTPSTEST0000001", "--CognitoLite:AdminCredentials:0:SecretAccessKey", "secret"]
            : [];
        var url = $"https://127.0.0.1:{ServerProcess.FreePort()}";

        await using var server = await ServerProcess.Start(_folder, ["--data-dir", Path.Combine(_folder, "data"), "--urls", url, .. certificateArgs, .. modeArgs]);

        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Contains($"CognitoLite listening on {url}", server.Stdout, StringComparison.Ordinal);
        // Production mode without SMTP delivers no email: said once, at start.
        var smtpWarnings = server.Stdout.Split('\n').Count(l => l.Contains("without CognitoLite:Smtp:Host", StringComparison.Ordinal));
        Assert.Equal(mode == "production" ? 1 : 0, smtpWarnings);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
