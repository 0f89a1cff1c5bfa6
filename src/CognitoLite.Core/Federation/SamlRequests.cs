using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace CognitoLite.Core.Federation;

/// <summary>Where to send the browser (the IdP's endpoint with the request in its query string), and the request's ID.</summary>
public sealed record SamlRedirect(string Url, string RequestId);

/// <summary>
/// The SAML requests a pool sends to an IdP over the HTTP-Redirect binding (SAML bindings §3.4): the AuthnRequest that
/// starts a sign-in and the LogoutRequest of IDPSignout. Signed with the pool's signing key when the provider's
/// RequestSigningAlgorithm is rsa-sha256, as Cognito does; unsigned otherwise.
/// </summary>
public sealed class SamlRequests(SamlSigningCertificates certificates, TimeProvider clock)
{
    /// <summary>The only RequestSigningAlgorithm (ProviderDetails) Cognito has.</summary>
    public const string RequestSigningAlgorithm = "rsa-sha256";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private static readonly XNamespace Samlp = SamlXml.Protocol;
    private static readonly XNamespace Saml = SamlXml.Assertion;

    /// <param name="acsUrl">Where the IdP posts its Response: the pool domain's /saml2/idpresponse.</param>
    /// <param name="requestSigningAlgorithm">The provider's RequestSigningAlgorithm detail (null: unsigned).</param>
    public async Task<SamlRedirect> AuthnRequest(
        string userPoolId, SamlIdpMetadata idp, string acsUrl, string? relayState, string? requestSigningAlgorithm, CancellationToken ct)
    {
        var destination = idp.SsoRedirectUrl ?? throw new SamlException(Errors.Saml.NoSsoRedirectBinding);
        var id = SamlXml.NewId();
        var request = new XElement(Samlp + "AuthnRequest",
            new XAttribute(XNamespace.Xmlns + "samlp", SamlXml.Protocol),
            new XAttribute(XNamespace.Xmlns + "saml", SamlXml.Assertion),
            new XAttribute("ID", id),
            new XAttribute("Version", "2.0"),
            new XAttribute("IssueInstant", SamlXml.Instant(clock.GetUtcNow())),
            new XAttribute("Destination", destination),
            new XAttribute("AssertionConsumerServiceURL", acsUrl),
            new XAttribute("ProtocolBinding", SamlXml.PostBinding),
            new XElement(Saml + "Issuer", SamlXml.EntityId(userPoolId)),
            new XElement(Samlp + "NameIDPolicy", new XAttribute("Format", SamlXml.UnspecifiedNameId), new XAttribute("AllowCreate", "true")));
        return new SamlRedirect(await RedirectUrl(userPoolId, destination, request, relayState, requestSigningAlgorithm, ct), id);
    }

    /// <summary>The LogoutRequest for a user signed in through the IdP (IDPSignout): names the NameID and session of that sign-in.</summary>
    public async Task<SamlRedirect> LogoutRequest(
        string userPoolId, SamlIdpMetadata idp, string nameId, string? nameIdFormat, string? sessionIndex, string? relayState,
        string? requestSigningAlgorithm, CancellationToken ct)
    {
        var destination = idp.SloRedirectUrl ?? throw new SamlException(Errors.Saml.NoSloRedirectBinding);
        var id = SamlXml.NewId();
        var request = new XElement(Samlp + "LogoutRequest",
            new XAttribute(XNamespace.Xmlns + "samlp", SamlXml.Protocol),
            new XAttribute(XNamespace.Xmlns + "saml", SamlXml.Assertion),
            new XAttribute("ID", id),
            new XAttribute("Version", "2.0"),
            new XAttribute("IssueInstant", SamlXml.Instant(clock.GetUtcNow())),
            new XAttribute("Destination", destination),
            new XElement(Saml + "Issuer", SamlXml.EntityId(userPoolId)),
            new XElement(Saml + "NameID", nameIdFormat is null ? null : new XAttribute("Format", nameIdFormat), nameId),
            sessionIndex is null ? null : new XElement(Samlp + "SessionIndex", sessionIndex));
        return new SamlRedirect(await RedirectUrl(userPoolId, destination, request, relayState, requestSigningAlgorithm, ct), id);
    }

    /// <summary>
    /// HTTP-Redirect binding: the request deflated (raw DEFLATE), base64, URL-encoded as SAMLRequest, then RelayState; a
    /// signature covers exactly the octets "SAMLRequest=…&amp;RelayState=…&amp;SigAlg=…" as they appear in the URL (§3.4.4.1).
    /// </summary>
    private async Task<string> RedirectUrl(
        string userPoolId, string destination, XElement request, string? relayState, string? requestSigningAlgorithm, CancellationToken ct)
    {
        var query = new StringBuilder("SAMLRequest=").Append(Uri.EscapeDataString(Deflate(request)));
        if (relayState is not null) query.Append("&RelayState=").Append(Uri.EscapeDataString(relayState));
        if (requestSigningAlgorithm == RequestSigningAlgorithm)
        {
            query.Append("&SigAlg=").Append(Uri.EscapeDataString(RsaSha256));
            using var key = await certificates.SigningKey(userPoolId, ct);
            var signature = key.SignData(Encoding.UTF8.GetBytes(query.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            query.Append("&Signature=").Append(Uri.EscapeDataString(Convert.ToBase64String(signature)));
        }
        return destination + (destination.Contains('?') ? '&' : '?') + query;
    }

    private static string Deflate(XElement request)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal))
            deflate.Write(Encoding.UTF8.GetBytes(request.ToString(SaveOptions.DisableFormatting)));
        return Convert.ToBase64String(buffer.ToArray());
    }
}
