using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Linq;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Federation;

/// <summary>What a SAML identity provider's metadata says: who it is, where to send AuthnRequests and LogoutRequests
/// (HTTP-Redirect binding), and the certificates its Responses and Assertions may be signed with.</summary>
public sealed record SamlIdpMetadata(string EntityId, string? SsoRedirectUrl, string? SloRedirectUrl, IReadOnlyList<X509Certificate2> SigningCertificates);

/// <summary>
/// Reads SAML 2.0 metadata (an EntityDescriptor, or the first EntityDescriptor with an IDPSSODescriptor in an
/// EntitiesDescriptor). The document comes from a pool administrator or a remote URL: no DTDs, no external resources,
/// and a size limit.
/// </summary>
public static class SamlMetadata
{
    /// <summary>The largest metadata document read, in characters (and the largest fetched from a MetadataURL, in bytes).</summary>
    public const int MaxLength = 1024 * 1024;

    private const string RedirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    private static readonly XNamespace Md = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static readonly XNamespace Ds = "http://www.w3.org/2000/09/xmldsig#";

    /// <exception cref="CognitoException">InvalidParameterException saying why the document cannot be used.</exception>
    public static SamlIdpMetadata Parse(string xml)
    {
        if (xml.Length > MaxLength) throw Invalid($"it is longer than {MaxLength} characters");
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxLength,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw Invalid($"it is not well-formed XML without a DTD ({e.Message})");
        }

        var root = document.Root!;
        var entity = root.Name == Md + "EntityDescriptor"
            ? root
            : root.Descendants(Md + "EntityDescriptor").FirstOrDefault(e => e.Element(Md + "IDPSSODescriptor") is not null);
        var idp = entity?.Element(Md + "IDPSSODescriptor") ?? throw Invalid("it has no EntityDescriptor with an IDPSSODescriptor");
        var entityId = (string?)entity.Attribute("entityID");
        if (string.IsNullOrWhiteSpace(entityId)) throw Invalid("its EntityDescriptor has no entityID");

        // A KeyDescriptor without `use` serves both signing and encryption (SAML metadata §2.4.1.1).
        var certificates = idp.Elements(Md + "KeyDescriptor")
            .Where(k => (string?)k.Attribute("use") is null or "signing")
            .SelectMany(k => k.Descendants(Ds + "X509Certificate"))
            .Select(c => Certificate(c.Value))
            .ToList();
        return new SamlIdpMetadata(entityId, RedirectLocation(idp, "SingleSignOnService"), RedirectLocation(idp, "SingleLogoutService"), certificates);
    }

    /// <summary>The metadata of a SAML provider as stored at Create/Update: its MetadataFile, or the document fetched from its MetadataURL.</summary>
    public static SamlIdpMetadata Of(IdentityProvider provider) =>
        Parse(provider.ProviderDetails.GetValueOrDefault(ProviderDetails.MetadataFile) ?? provider.ProviderDetails[ProviderDetails.FetchedMetadata]);

    private static string? RedirectLocation(XElement idp, string service) =>
        idp.Elements(Md + service).FirstOrDefault(s => (string?)s.Attribute("Binding") == RedirectBinding)?.Attribute("Location")?.Value;

    private static X509Certificate2 Certificate(string base64)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(base64.Where(c => !char.IsWhiteSpace(c)))));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw Invalid("a signing certificate in it is not a base64 DER X.509 certificate");
        }
    }

    private static CognitoException Invalid(string reason) => Errors.InvalidParameter($"The SAML metadata cannot be used: {reason}.");
}
