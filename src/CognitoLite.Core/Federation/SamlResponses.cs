using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Federation;

/// <summary>A SAML response or request refused; the message is the error_description the app's callback gets.</summary>
public sealed class SamlException(string message) : Exception(message);

/// <summary>
/// What a verified SAML assertion says: who signed in at which IdP, with which attributes (multi-valued, by Attribute Name).
/// NotOnOrAfter is when it stops being acceptable: the earlier of its Conditions' and its bearer confirmation's.
/// </summary>
public sealed record SamlAssertion(
    string Issuer, string NameId, string? NameIdFormat, IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    string? SessionIndex, string AssertionId, DateTime NotOnOrAfter);

/// <summary>
/// Checks the SAML Response an IdP posts to /saml2/idpresponse (SAML core §3.2.2, profiles §4.1.4.3) and spends its
/// assertion. The assertion is read from the element a signature verified (a copy of the signed element taken out of the
/// document), never found again by a second lookup, so no signature-wrapping arrangement can make us read an unsigned one.
/// </summary>
public sealed class SamlResponses(CognitoDbContext db, TimeProvider clock)
{
    /// <summary>The longest SAMLResponse Cognito accepts, in characters of its base64.</summary>
    public const int MaxLength = 100_000;

    /// <summary>How far the IdP's clock may be off ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    // SHA-1 is refused: collisions are practical, and XML Signature 1.1 and Cognito's own request signing moved to SHA-256.
    private static readonly HashSet<string> SignatureMethods =
        [SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url];
    private static readonly HashSet<string> DigestMethods =
        [SignedXml.XmlDsigSHA256Url, SignedXml.XmlDsigSHA384Url, SignedXml.XmlDsigSHA512Url];
    private static readonly HashSet<string> Transforms =
        [SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl];

    /// <param name="audience">The pool's SP entity ID, <c>urn:amazon:cognito:sp:&lt;UserPoolId&gt;</c>.</param>
    /// <param name="acsUrl">This endpoint's URL, which Destination and Recipient must name.</param>
    /// <param name="inResponseTo">The ID of the AuthnRequest this sign-in sent; null for an IdP-initiated (unsolicited) response, which must then answer no request.</param>
    public async Task<SamlAssertion> Verify(
        string samlResponseBase64, SamlIdpMetadata idp, string audience, string acsUrl, string? inResponseTo, CancellationToken ct)
    {
        var response = Parse(samlResponseBase64);
        CheckResponse(response, idp, acsUrl, inResponseTo);
        var assertion = ReadAssertion(SignedAssertion(response, idp.SigningCertificates), idp, audience, acsUrl, inResponseTo);
        await Spend(assertion, ct);
        return assertion;
    }

    private static XmlElement Parse(string samlResponseBase64)
    {
        if (samlResponseBase64.Length > MaxLength) throw new SamlException(Errors.Saml.TooLong);
        XmlDocument document;
        try
        {
            document = SamlXml.Parse(Convert.FromBase64String(samlResponseBase64));
        }
        catch (Exception e) when (e is FormatException or XmlException)
        {
            throw new SamlException(Errors.Saml.Malformed);
        }
        var response = document.DocumentElement!;
        if (response.LocalName != "Response" || response.NamespaceURI != SamlXml.Protocol) throw new SamlException(Errors.Saml.NotAResponse);
        // Signatures point at elements by ID: two elements with one ID would leave open which one was signed.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (XmlElement element in document.GetElementsByTagName("*"))
            foreach (XmlAttribute attribute in element.Attributes)
                if (attribute.NamespaceURI.Length == 0 && attribute.LocalName is ("ID" or "Id" or "id") && !ids.Add(attribute.Value))
                    throw new SamlException(Errors.Saml.DuplicateIds);
        return response;
    }

    /// <summary>The Response's own fields: its status, and that it answers this sign-in at this endpoint.</summary>
    private static void CheckResponse(XmlElement response, SamlIdpMetadata idp, string acsUrl, string? inResponseTo)
    {
        var status = Child(Child(response, SamlXml.Protocol, "Status"), SamlXml.Protocol, "StatusCode");
        var code = status?.GetAttribute("Value").Trim();
        if (code != SamlXml.Success)
        {
            var detail = Child(status, SamlXml.Protocol, "StatusCode")?.GetAttribute("Value").Trim();
            throw new SamlException(Errors.Saml.Status(string.IsNullOrEmpty(detail) ? code ?? "missing" : $"{code} ({detail})"));
        }
        if (Child(response, SamlXml.Assertion, "Issuer") is { } issuer && issuer.InnerText.Trim() != idp.EntityId)
            throw new SamlException(Errors.Saml.WrongIssuer);
        if (response.GetAttributeNode("Destination") is { } destination && destination.Value != acsUrl)
            throw new SamlException(Errors.Saml.WrongDestination);
        if (response.GetAttributeNode("InResponseTo")?.Value != inResponseTo) throw new SamlException(Errors.Saml.WrongInResponseTo);
    }

    /// <summary>
    /// The assertion as a signature covers it: the Response's signature (then its one Assertion is read from the verified
    /// copy of the Response) or the Assertion's own. A signature present must verify, even when the other one does.
    /// </summary>
    private static XmlElement SignedAssertion(XmlElement response, IReadOnlyList<X509Certificate2> certificates)
    {
        var document = response.OwnerDocument;
        if (document.GetElementsByTagName("EncryptedAssertion", SamlXml.Assertion).Count > 0) throw new SamlException(Errors.Saml.EncryptedAssertion);
        // Exactly one Assertion anywhere, as the Response's child: a second one (the usual wrapping attack) is refused outright.
        var assertions = document.GetElementsByTagName("Assertion", SamlXml.Assertion);
        if (assertions.Count != 1 || assertions[0]!.ParentNode != response) throw new SamlException(Errors.Saml.NotOneAssertion);
        var assertion = (XmlElement)assertions[0]!;

        var responseSigned = Child(response, SamlXml.DSig, "Signature") is not null;
        var assertionSigned = Child(assertion, SamlXml.DSig, "Signature") is not null;
        if (!responseSigned && !assertionSigned) throw new SamlException(Errors.Saml.NotSigned);
        XmlElement? signed = null;
        if (responseSigned) signed = Child(Verified(response, certificates), SamlXml.Assertion, "Assertion");
        if (assertionSigned) signed = Verified(assertion, certificates);
        return signed ?? throw new SamlException(Errors.Saml.NotOneAssertion);
    }

    /// <summary>
    /// Verifies the enveloped signature of <paramref name="element"/> on a copy of it alone (with the namespaces it inherits),
    /// and returns that copy: what the signature covers and what is read afterwards are the same nodes.
    /// </summary>
    private static XmlElement Verified(XmlElement element, IReadOnlyList<X509Certificate2> certificates)
    {
        var copy = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var root = (XmlElement)copy.AppendChild(copy.ImportNode(element, deep: true))!;
        for (var parent = element.ParentNode as XmlElement; parent is not null; parent = parent.ParentNode as XmlElement)
            foreach (XmlAttribute attribute in parent.Attributes)
                if (attribute.NamespaceURI == "http://www.w3.org/2000/xmlns/" && !root.HasAttribute(attribute.Name))
                    root.SetAttributeNode((XmlAttribute)copy.ImportNode(attribute, deep: true));

        var id = root.GetAttribute("ID");
        var signedXml = new ElementSignedXml(root, id);
        try
        {
            signedXml.LoadXml(Child(root, SamlXml.DSig, "Signature")!);
        }
        catch (CryptographicException)
        {
            throw new SamlException(Errors.Saml.SignatureInvalid);
        }
        var signedInfo = signedXml.SignedInfo!;
        if (signedInfo.References.Count != 1 || signedInfo.References[0] is not Reference reference || id.Length == 0 || reference.Uri != "#" + id)
            throw new SamlException(Errors.Saml.SignatureInvalid);
        if (signedInfo.CanonicalizationMethod != SignedXml.XmlDsigExcC14NTransformUrl
            || !SignatureMethods.Contains(signedInfo.SignatureMethod ?? "")
            || !DigestMethods.Contains(reference.DigestMethod)
            || Enumerable.Range(0, reference.TransformChain.Count).Any(i => !Transforms.Contains(reference.TransformChain[i].Algorithm ?? "")))
            throw new SamlException(Errors.Saml.SignatureAlgorithm);
        // Only the metadata's certificates count; a KeyInfo in the signature is never trusted.
        foreach (var certificate in certificates)
        {
            using var key = certificate.GetRSAPublicKey();
            try
            {
                if (key is not null && signedXml.CheckSignature(key)) return root;
            }
            catch (CryptographicException)
            {
                // A reference that cannot be resolved or transformed: no key will make it verify.
                break;
            }
        }
        throw new SamlException(Errors.Saml.SignatureInvalid);
    }

    private SamlAssertion ReadAssertion(XmlElement assertion, SamlIdpMetadata idp, string audience, string acsUrl, string? inResponseTo)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (Child(assertion, SamlXml.Assertion, "Issuer")?.InnerText.Trim() != idp.EntityId) throw new SamlException(Errors.Saml.WrongIssuer);

        var subject = Child(assertion, SamlXml.Assertion, "Subject");
        var nameId = Child(subject, SamlXml.Assertion, "NameID");
        var nameIdValue = nameId?.InnerText.Trim();
        if (string.IsNullOrEmpty(nameIdValue)) throw new SamlException(Errors.Saml.NameIdMissing);

        var conditions = Child(assertion, SamlXml.Assertion, "Conditions");
        if (Time(conditions, "NotBefore") > now + ClockSkew) throw new SamlException(Errors.Saml.NotYetValid);
        var conditionsEnd = Time(conditions, "NotOnOrAfter");
        if (conditionsEnd <= now - ClockSkew) throw new SamlException(Errors.Saml.Expired);
        // Every AudienceRestriction must name us (core §2.5.1.4), and there must be one: an assertion for anyone is refused.
        var restrictions = Children(conditions, SamlXml.Assertion, "AudienceRestriction").ToList();
        if (restrictions.Count == 0 || !restrictions.All(r => Children(r, SamlXml.Assertion, "Audience").Any(a => a.InnerText.Trim() == audience)))
            throw new SamlException(Errors.Saml.WrongAudience(audience));

        var confirmationEnd = BearerConfirmation(subject!, acsUrl, inResponseTo, now);
        var attributes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var statement in Children(assertion, SamlXml.Assertion, "AttributeStatement"))
            foreach (var attribute in Children(statement, SamlXml.Assertion, "Attribute"))
            {
                var name = attribute.GetAttribute("Name");
                if (!attributes.TryGetValue(name, out var values)) attributes[name] = values = [];
                values.AddRange(Children(attribute, SamlXml.Assertion, "AttributeValue").Select(v => v.InnerText));
            }
        var sessionIndex = Children(assertion, SamlXml.Assertion, "AuthnStatement").FirstOrDefault()?.GetAttributeNode("SessionIndex")?.Value;
        var format = nameId!.GetAttribute("Format");
        return new SamlAssertion(
            idp.EntityId, nameIdValue, format.Length == 0 ? null : format,
            attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal),
            sessionIndex, assertion.GetAttribute("ID"),
            conditionsEnd is { } end && end < confirmationEnd ? end : confirmationEnd);
    }

    /// <summary>
    /// A bearer SubjectConfirmation that holds (profiles §4.1.4.3): for this endpoint, unexpired, answering this sign-in's
    /// request. Returns its NotOnOrAfter; when none holds, the first one's reason.
    /// </summary>
    private static DateTime BearerConfirmation(XmlElement subject, string acsUrl, string? inResponseTo, DateTime now)
    {
        string? firstFailure = null;
        foreach (var confirmation in Children(subject, SamlXml.Assertion, "SubjectConfirmation"))
        {
            if (confirmation.GetAttribute("Method") != SamlXml.Bearer) continue;
            var data = Child(confirmation, SamlXml.Assertion, "SubjectConfirmationData");
            var end = Time(data, "NotOnOrAfter");
            var failure =
                data?.GetAttributeNode("Recipient")?.Value != acsUrl ? Errors.Saml.WrongRecipient
                : end is null || end <= now - ClockSkew ? Errors.Saml.Expired
                : Time(data, "NotBefore") > now + ClockSkew ? Errors.Saml.NotYetValid
                : data!.GetAttributeNode("InResponseTo")?.Value != inResponseTo ? Errors.Saml.WrongInResponseTo
                : null;
            if (failure is null) return end!.Value;
            firstFailure ??= failure;
        }
        throw new SamlException(firstFailure ?? Errors.Saml.NoBearerConfirmation);
    }

    /// <summary>Records the assertion as used until it expires: a second sign-in with it is refused.</summary>
    private async Task Spend(SamlAssertion assertion, CancellationToken ct)
    {
        var spent = new SpentSamlAssertion
        {
            Id = SecretProtector.HashToken(assertion.Issuer + "|" + assertion.AssertionId),
            ExpiresAt = assertion.NotOnOrAfter + ClockSkew,
        };
        db.SpentSamlAssertions.Add(spent);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.Entry(spent).State = EntityState.Detached;
            throw new SamlException(Errors.Saml.Replayed);
        }
    }

    private static IEnumerable<XmlElement> Children(XmlElement? parent, string ns, string name) =>
        parent?.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == ns) ?? [];

    /// <summary>The one child of that name, or null; the schema allows at most one, so two are refused.</summary>
    private static XmlElement? Child(XmlElement? parent, string ns, string name) =>
        Children(parent, ns, name).Take(2).ToList() switch
        {
            [] => null,
            [var only] => only,
            _ => throw new SamlException(Errors.Saml.NotAResponse),
        };

    private static DateTime? Time(XmlElement? element, string attribute)
    {
        if (element?.GetAttributeNode(attribute) is not { } value) return null;
        try
        {
            return XmlConvert.ToDateTime(value.Value, XmlDateTimeSerializationMode.Utc);
        }
        catch (FormatException)
        {
            throw new SamlException(Errors.Saml.Malformed);
        }
    }

    /// <summary>SignedXml that resolves a reference only to the element it verifies, never to another element by ID.</summary>
    private sealed class ElementSignedXml : SignedXml
    {
        private readonly XmlElement _signed;
        private readonly string _id;

        public ElementSignedXml(XmlElement signed, string id) : base(signed)
        {
            _signed = signed;
            _id = id;
        }

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            _id.Length > 0 && idValue == _id ? _signed : null;
    }
}
