using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CognitoLite.Core.Federation;

namespace CognitoLite.Tests.Federation;

/// <summary>What a test IdP's Response says; each test changes the part it is about.</summary>
public sealed record SamlResponseContent(string Audience, string AcsUrl, DateTimeOffset Now)
{
    public string? InResponseTo { get; init; }
    /// <summary>SubjectConfirmationData's InResponseTo; by default the Response's.</summary>
    public string? SubjectInResponseTo { get; init; }
    public string? Issuer { get; init; }
    public string? Destination { get; init; }
    public string? Recipient { get; init; }
    public string NameId { get; init; } = "alice@example.com";
    public string NameIdFormat { get; init; } = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public string ResponseId { get; init; } = "_r" + Guid.NewGuid().ToString("N");
    public string AssertionId { get; init; } = "_a" + Guid.NewGuid().ToString("N");
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? NotOnOrAfter { get; init; }
    public string StatusCode { get; init; } = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public string? SubStatusCode { get; init; }

    public IReadOnlyDictionary<string, string[]> Attributes { get; init; } = new Dictionary<string, string[]>
    {
        ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"] = ["alice@example.com"],
        ["groups"] = ["admins", "staff"],
    };
}

/// <summary>
/// A SAML IdP made of signed XML inside the test: its own RSA key and certificate, its metadata as CognitoLite reads it, and
/// Responses built and signed (System.Security.Cryptography.Xml) as real IdPs sign them: namespaces declared on the Response,
/// enveloped signature after the Issuer, exclusive canonicalization with an inclusive prefix, RSA-SHA256.
/// </summary>
public sealed class SamlTestIdp
{
    public const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string DSig = "http://www.w3.org/2000/09/xmldsig#";

    public SamlTestIdp(string entityId = "https://idp.example.com/saml")
    {
        EntityId = entityId;
        Key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Test IdP", Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public string EntityId { get; }
    public RSA Key { get; }
    public X509Certificate2 Certificate { get; }

    public SamlIdpMetadata Metadata => new(EntityId, "https://idp.example.com/sso", "https://idp.example.com/slo", [Certificate]);

    /// <summary>The Response, unsigned, as a document a test may sign, rearrange or tamper with.</summary>
    public XmlDocument Response(SamlResponseContent c)
    {
        static string T(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        static string A(string value) => System.Security.SecurityElement.Escape(value);
        var inResponseTo = c.InResponseTo is null ? "" : $""" InResponseTo="{A(c.InResponseTo)}" """;
        var subjectInResponseTo = (c.SubjectInResponseTo ?? c.InResponseTo) is { } s ? $""" InResponseTo="{A(s)}" """ : "";
        var subStatus = c.SubStatusCode is null ? "" : $"""<samlp:StatusCode Value="{c.SubStatusCode}"/>""";
        var attributes = string.Concat(c.Attributes.Select(a =>
            $"""<saml:Attribute Name="{A(a.Key)}">{string.Concat(a.Value.Select(v => $"<saml:AttributeValue xsi:type=\"xs:string\">{A(v)}</saml:AttributeValue>"))}</saml:Attribute>"""));
        var xml = $"""
            <samlp:Response xmlns:samlp="{Protocol}" xmlns:saml="{Assertion}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{c.ResponseId}" Version="2.0" IssueInstant="{T(c.Now)}" Destination="{A(c.Destination ?? c.AcsUrl)}"{inResponseTo}>
              <saml:Issuer>{A(c.Issuer ?? EntityId)}</saml:Issuer>
              <samlp:Status><samlp:StatusCode Value="{c.StatusCode}">{subStatus}</samlp:StatusCode></samlp:Status>
              <saml:Assertion ID="{c.AssertionId}" Version="2.0" IssueInstant="{T(c.Now)}">
                <saml:Issuer>{A(c.Issuer ?? EntityId)}</saml:Issuer>
                <saml:Subject>
                  <saml:NameID Format="{c.NameIdFormat}">{A(c.NameId)}</saml:NameID>
                  <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                    <saml:SubjectConfirmationData NotOnOrAfter="{T(c.NotOnOrAfter ?? c.Now.AddMinutes(5))}" Recipient="{A(c.Recipient ?? c.AcsUrl)}"{subjectInResponseTo}/>
                  </saml:SubjectConfirmation>
                </saml:Subject>
                <saml:Conditions NotBefore="{T(c.NotBefore ?? c.Now.AddMinutes(-1))}" NotOnOrAfter="{T(c.NotOnOrAfter ?? c.Now.AddMinutes(5))}">
                  <saml:AudienceRestriction><saml:Audience>{A(c.Audience)}</saml:Audience></saml:AudienceRestriction>
                </saml:Conditions>
                <saml:AuthnStatement AuthnInstant="{T(c.Now)}" SessionIndex="_session1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
                <saml:AttributeStatement>{attributes}</saml:AttributeStatement>
              </saml:Assertion>
            </samlp:Response>
            """;
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        return document;
    }

    public string SignedAssertion(SamlResponseContent content) => Encode(SignAssertion(Response(content)));

    public string SignedResponse(SamlResponseContent content) => Encode(SignResponse(Response(content)));

    public XmlDocument SignAssertion(XmlDocument response, RSA? key = null)
    {
        Sign(AssertionOf(response), key ?? Key);
        return response;
    }

    public XmlDocument SignResponse(XmlDocument response, RSA? key = null)
    {
        Sign(response.DocumentElement!, key ?? Key);
        return response;
    }

    public static XmlElement AssertionOf(XmlDocument response) => (XmlElement)response.GetElementsByTagName("Assertion", Assertion)[0]!;

    /// <summary>An enveloped signature of the element, placed after its Issuer as SAML's schema puts it.</summary>
    public static void Sign(
        XmlElement element, RSA key, string signatureMethod = SignedXml.XmlDsigRSASHA256Url, string digestMethod = SignedXml.XmlDsigSHA256Url)
    {
        var signedXml = new SignedXml(element) { SigningKey = key };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = signatureMethod;
        var reference = new Reference("#" + element.GetAttribute("ID")) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        // As Okta and Shibboleth sign: the xs prefix, used only inside attribute values' xsi:type, kept in the canonical form.
        reference.AddTransform(new XmlDsigExcC14NTransform("xs"));
        signedXml.AddReference(reference);
        signedXml.ComputeSignature();
        var issuer = element.GetElementsByTagName("Issuer", Assertion).Cast<XmlElement>().First(i => i.ParentNode == element);
        element.InsertAfter(element.OwnerDocument.ImportNode(signedXml.GetXml(), deep: true), issuer);
    }

    public static string Encode(XmlDocument document) => Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
}
