using System.Security.Cryptography.X509Certificates;

namespace CognitoLite.Core.Federation;

public sealed record SamlIdpMetadata(string EntityId, string? SsoRedirectUrl, string? SloRedirectUrl, IReadOnlyList<X509Certificate2> SigningCertificates);
