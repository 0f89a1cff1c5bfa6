using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

public sealed record GetSigningCertificateRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record GetSigningCertificateResponse(string Certificate);

/// <summary>
/// A pool's SAML signing certificate (GetSigningCertificate): a self-signed RSA certificate made on first use, valid
/// ten years, whose key signs the pool's AuthnRequests and LogoutRequests. The IdP is given the certificate to check them.
/// </summary>
public sealed class SamlSigningCertificates(CognitoDbContext db, SecretProtector secrets, TimeProvider clock)
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(3653);

    public async Task<GetSigningCertificateResponse> GetSigningCertificate(GetSigningCertificateRequest request, CancellationToken ct) =>
        // Bare base64 of the DER, as the IdP's metadata or console takes it.
        new((await ForPool(request.UserPoolId!, ct)).Certificate);

    /// <summary>The pool's private signing key.</summary>
    public async Task<RSA> SigningKey(string userPoolId, CancellationToken ct)
    {
        var stored = await ForPool(userPoolId, ct);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(secrets.Unprotect(stored.PrivateKeyCipher)), out _);
        return rsa;
    }

    private async Task<SamlSigningCertificate> ForPool(string userPoolId, CancellationToken ct) =>
        await db.SamlSigningCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.UserPoolId == userPoolId, ct)
        ?? await Create(userPoolId, ct);

    private async Task<SamlSigningCertificate> Create(string userPoolId, CancellationToken ct)
    {
        if (!await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct)) throw Errors.UserPoolNotFound(userPoolId);
        using var rsa = RSA.Create(2048);
        var now = clock.GetUtcNow();
        var request = new CertificateRequest($"CN=urn:amazon:cognito:sp:{userPoolId}, O=CognitoLite", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(now, now + Validity);
        var stored = new SamlSigningCertificate
        {
            UserPoolId = userPoolId,
            Certificate = Convert.ToBase64String(certificate.RawData),
            PrivateKeyCipher = secrets.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            NotAfter = certificate.NotAfter.ToUniversalTime(),
            CreatedAt = now.UtcDateTime,
        };
        db.SamlSigningCertificates.Add(stored);
        try
        {
            await db.SaveChangesAsync(ct);
            return stored;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A concurrent first call stored its certificate first: every caller must see that one.
            db.Entry(stored).State = EntityState.Detached;
            return await db.SamlSigningCertificates.AsNoTracking().FirstAsync(c => c.UserPoolId == userPoolId, ct);
        }
    }
}
