using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using CognitoLite.Core.Federation;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Federation;

public sealed class SamlResponsesTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : SamlResponsesContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class SamlResponsesTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : SamlResponsesContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// SamlResponses.Verify against Responses a test IdP signs: what it accepts and reads, and every way a Response is refused
/// (unsigned, foreign key, tampering, signature wrapping, conditions, binding to the request and endpoint, replay, DTDs).
/// The clock stands still, so validity windows are exact.
/// </summary>
public abstract class SamlResponsesContract(ManualClockHost fixture)
{
    private const string Audience = "urn:amazon:cognito:sp:us-east-1_Saml";
    private const string AcsUrl = "https://saml.auth.us-east-1.amazoncognito.com/saml2/idpresponse";
    private const string RequestId = "_request1";
    private const string Invalid = "Invalid SAML response received: ";

    private readonly SamlTestIdp _idp = new();

    private SamlResponseContent Content => new(Audience, AcsUrl, fixture.Clock.GetUtcNow()) { InResponseTo = RequestId };

    private async Task<SamlAssertion> Verify(string response, string? inResponseTo = RequestId, SamlIdpMetadata? idp = null)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SamlResponses>()
            .Verify(response, idp ?? _idp.Metadata, Audience, AcsUrl, inResponseTo, CancellationToken.None);
    }

    private async Task Refused(string message, string response, string? inResponseTo = RequestId, SamlIdpMetadata? idp = null)
    {
        var error = await Assert.ThrowsAsync<SamlException>(() => Verify(response, inResponseTo, idp));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task An_assertion_signed_by_the_IdP_is_read_whole()
    {
        var content = Content;
        var assertion = await Verify(_idp.SignedAssertion(content));

        Assert.Equal(_idp.EntityId, assertion.Issuer);
        Assert.Equal("alice@example.com", assertion.NameId);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", assertion.NameIdFormat);
        Assert.Equal("_session1", assertion.SessionIndex);
        Assert.Equal(content.AssertionId, assertion.AssertionId);
        Assert.Equal(content.Now.AddMinutes(5).UtcDateTime, assertion.NotOnOrAfter, TimeSpan.FromMilliseconds(1));
        Assert.Equal(["alice@example.com"], assertion.Attributes["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"]);
        Assert.Equal(["admins", "staff"], assertion.Attributes["groups"]);
    }

    [Fact]
    public async Task A_response_signed_as_a_whole_is_accepted()
    {
        var assertion = await Verify(_idp.SignedResponse(Content));
        Assert.Equal("alice@example.com", assertion.NameId);
    }

    [Fact]
    public async Task A_response_signed_twice_over_its_assertion_and_as_a_whole_is_accepted()
    {
        var response = _idp.SignResponse(_idp.SignAssertion(_idp.Response(Content)));
        Assert.Equal("alice@example.com", (await Verify(SamlTestIdp.Encode(response))).NameId);
    }

    [Fact]
    public async Task An_unsolicited_response_without_InResponseTo_is_accepted_when_no_request_was_sent()
    {
        var assertion = await Verify(_idp.SignedAssertion(Content with { InResponseTo = null }), inResponseTo: null);
        Assert.Equal("alice@example.com", assertion.NameId);
    }

    [Fact]
    public async Task Any_signing_certificate_of_the_metadata_verifies()
    {
        var rotated = new SamlTestIdp(_idp.EntityId);
        var metadata = _idp.Metadata with { SigningCertificates = [_idp.Certificate, rotated.Certificate] };
        Assert.Equal("alice@example.com", (await Verify(rotated.SignedAssertion(Content), idp: metadata)).NameId);
    }

    [Fact]
    public async Task An_unsigned_response_is_refused()
    {
        await Refused(Invalid + "SAML Assertion is not signed.", SamlTestIdp.Encode(_idp.Response(Content)));
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        using var foreign = RSA.Create(2048);
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(_idp.SignAssertion(_idp.Response(Content), foreign)));
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(_idp.SignResponse(_idp.Response(Content), foreign)));
    }

    [Fact]
    public async Task A_value_changed_after_signing_is_refused()
    {
        var assertionSigned = _idp.SignAssertion(_idp.Response(Content));
        NameIdOf(assertionSigned).InnerText = "admin@example.com";
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(assertionSigned));

        var responseSigned = _idp.SignResponse(_idp.Response(Content));
        var groups = (XmlElement)responseSigned.GetElementsByTagName("AttributeValue", SamlTestIdp.Assertion)[2]!;
        groups.InnerText = "admins";
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(responseSigned));
    }

    [Fact]
    public async Task A_signature_that_does_not_hold_in_one_place_fails_even_when_the_other_holds()
    {
        using var foreign = RSA.Create(2048);
        var response = _idp.SignResponse(_idp.SignAssertion(_idp.Response(Content), foreign));
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task A_comment_put_inside_the_signed_NameID_does_not_shorten_it()
    {
        // Comments are outside exclusive canonicalization, so the signature still holds; a reader that stopped at the
        // comment would take this user for alice@example.com.
        var response = _idp.SignAssertion(_idp.Response(Content with { NameId = "alice@example.com.evil.com" }));
        NameIdOf(response).InnerXml = "alice@example.com<!---->.evil.com";
        Assert.Equal("alice@example.com.evil.com", (await Verify(SamlTestIdp.Encode(response))).NameId);
    }

    // Signature wrapping (XSW): the signed assertion stays somewhere in the document, an evil one where it would be read.

    [Fact]
    public async Task An_unsigned_assertion_before_the_signed_one_is_refused()
    {
        var response = _idp.SignAssertion(_idp.Response(Content));
        var signed = SamlTestIdp.AssertionOf(response);
        response.DocumentElement!.InsertBefore(Evil(signed, "_evil"), signed);
        await Refused(Invalid + "SAML response must contain exactly one Assertion.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task An_unsigned_assertion_after_the_signed_one_is_refused()
    {
        var response = _idp.SignAssertion(_idp.Response(Content));
        var signed = SamlTestIdp.AssertionOf(response);
        response.DocumentElement!.InsertAfter(Evil(signed, "_evil"), signed);
        await Refused(Invalid + "SAML response must contain exactly one Assertion.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task The_signed_assertion_moved_into_Extensions_with_an_evil_one_in_its_place_is_refused()
    {
        var response = _idp.SignAssertion(_idp.Response(Content));
        var signed = SamlTestIdp.AssertionOf(response);
        var root = response.DocumentElement!;
        root.ReplaceChild(Evil(signed, "_evil"), signed);
        var extensions = response.CreateElement("samlp", "Extensions", SamlTestIdp.Protocol);
        extensions.AppendChild(signed);
        root.InsertAfter(extensions, root.GetElementsByTagName("Issuer", SamlTestIdp.Assertion)[0]);
        await Refused(Invalid + "SAML response must contain exactly one Assertion.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task The_signed_assertion_moved_into_the_evil_assertions_signature_Object_is_refused()
    {
        var response = _idp.SignAssertion(_idp.Response(Content));
        var signed = SamlTestIdp.AssertionOf(response);
        var evil = Evil(signed, "_evil");
        var signature = (XmlElement)signed.GetElementsByTagName("Signature", SamlTestIdp.DSig)[0]!.Clone();
        var evilIssuer = evil.GetElementsByTagName("Issuer", SamlTestIdp.Assertion)[0]!;
        evil.InsertAfter(signature, evilIssuer);
        var signatureObject = response.CreateElement("ds", "Object", SamlTestIdp.DSig);
        signature.AppendChild(signatureObject);
        response.DocumentElement!.ReplaceChild(evil, signed);
        signatureObject.AppendChild(signed);
        await Refused(Invalid + "SAML response must contain exactly one Assertion.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task A_signature_carried_over_to_an_evil_assertion_is_refused()
    {
        // The only assertion left is the evil one, carrying the signature of the removed original (which names the original's ID).
        var response = _idp.SignAssertion(_idp.Response(Content));
        var signed = SamlTestIdp.AssertionOf(response);
        var evil = Evil(signed, "_evil");
        evil.InsertAfter(signed.GetElementsByTagName("Signature", SamlTestIdp.DSig)[0]!.Clone(), evil.GetElementsByTagName("Issuer", SamlTestIdp.Assertion)[0]);
        response.DocumentElement!.ReplaceChild(evil, signed);
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(response));

        // Given the original's ID, the reference resolves, but to content the signature does not cover.
        evil.SetAttribute("ID", signed.GetAttribute("ID"));
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task A_response_signature_wrapped_around_an_evil_response_is_refused()
    {
        // XSW1: the signed Response goes into the signature's Object of a new, evil Response whose signature is the original's.
        var original = _idp.SignResponse(_idp.Response(Content));
        var evil = _idp.Response(Content with { NameId = "admin@example.com" });
        var signature = (XmlElement)evil.ImportNode(original.DocumentElement!.GetElementsByTagName("Signature", SamlTestIdp.DSig)[0]!, deep: true);
        var signatureObject = evil.CreateElement("ds", "Object", SamlTestIdp.DSig);
        signatureObject.AppendChild(evil.ImportNode(original.DocumentElement, deep: true));
        signature.AppendChild(signatureObject);
        evil.DocumentElement!.InsertAfter(signature, evil.DocumentElement.GetElementsByTagName("Issuer", SamlTestIdp.Assertion)[0]);
        await Refused(Invalid + "SAML response must contain exactly one Assertion.", SamlTestIdp.Encode(evil));

        // Without the original inside, the signature's reference names another ID than the evil Response's.
        signatureObject.RemoveAll();
        await Refused(Invalid + "SAML Assertion signature is invalid.", SamlTestIdp.Encode(evil));
    }

    [Fact]
    public async Task Duplicate_IDs_are_refused()
    {
        var response = _idp.SignAssertion(_idp.Response(Content));
        var decoy = response.CreateElement("samlp", "Extensions", SamlTestIdp.Protocol);
        var element = response.CreateElement("x", "Anything", "urn:example");
        element.SetAttribute("ID", SamlTestIdp.AssertionOf(response).GetAttribute("ID"));
        decoy.AppendChild(element);
        var root = response.DocumentElement!;
        root.InsertAfter(decoy, root.GetElementsByTagName("Issuer", SamlTestIdp.Assertion)[0]);
        await Refused(Invalid + "SAML response contains duplicate IDs.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task A_SHA1_signature_is_refused()
    {
        var response = _idp.Response(Content);
        SamlTestIdp.Sign(SamlTestIdp.AssertionOf(response), _idp.Key, SignedXml.XmlDsigRSASHA1Url, SignedXml.XmlDsigSHA1Url);
        await Refused(
            Invalid + "SAML signature must use RSA with SHA-256 or stronger, exclusive canonicalization and the enveloped-signature transform.",
            SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task An_assertion_for_another_audience_is_refused()
    {
        await Refused(Invalid + $"SAML Assertion is not for audience {Audience}.",
            _idp.SignedAssertion(Content with { Audience = "urn:amazon:cognito:sp:us-east-1_Other" }));

        var withoutRestriction = _idp.Response(Content);
        var restriction = withoutRestriction.GetElementsByTagName("AudienceRestriction", SamlTestIdp.Assertion)[0]!;
        restriction.ParentNode!.RemoveChild(restriction);
        await Refused(Invalid + $"SAML Assertion is not for audience {Audience}.", SamlTestIdp.Encode(_idp.SignAssertion(withoutRestriction)));
    }

    [Fact]
    public async Task An_expired_assertion_is_refused_past_the_clock_skew()
    {
        var now = fixture.Clock.GetUtcNow();
        await Refused(Invalid + "SAML Assertion has expired.",
            _idp.SignedAssertion(Content with { NotBefore = now.AddMinutes(-10), NotOnOrAfter = now.AddSeconds(-61) }));
        // Within a minute of skew the IdP's clock may be behind ours.
        var late = await Verify(_idp.SignedAssertion(Content with { NotBefore = now.AddMinutes(-10), NotOnOrAfter = now.AddSeconds(-59) }));
        Assert.Equal("alice@example.com", late.NameId);
    }

    [Fact]
    public async Task An_assertion_not_yet_valid_is_refused_past_the_clock_skew()
    {
        var now = fixture.Clock.GetUtcNow();
        await Refused(Invalid + "SAML Assertion is not yet valid.", _idp.SignedAssertion(Content with { NotBefore = now.AddSeconds(61) }));
        Assert.Equal("alice@example.com", (await Verify(_idp.SignedAssertion(Content with { NotBefore = now.AddSeconds(59) }))).NameId);
    }

    [Fact]
    public async Task A_response_for_another_endpoint_is_refused()
    {
        await Refused(Invalid + "Destination does not match the ACS URL.",
            _idp.SignedResponse(Content with { Destination = "https://other.example.com/saml2/idpresponse" }));
        await Refused(Invalid + "SubjectConfirmationData Recipient does not match the ACS URL.",
            _idp.SignedAssertion(Content with { Recipient = "https://other.example.com/saml2/idpresponse" }));
    }

    [Fact]
    public async Task A_response_to_another_request_is_refused()
    {
        await Refused(Invalid + "InResponseTo does not match the SAML request.", _idp.SignedAssertion(Content with { InResponseTo = "_other" }));
        // The signed SubjectConfirmationData binds the assertion to the request even when the Response's own attribute is right.
        await Refused(Invalid + "InResponseTo does not match the SAML request.", _idp.SignedAssertion(Content with { SubjectInResponseTo = "_other" }));
        await Refused(Invalid + "InResponseTo does not match the SAML request.", _idp.SignedAssertion(Content with { InResponseTo = null }));
    }

    [Fact]
    public async Task An_unsolicited_response_carrying_InResponseTo_is_refused()
    {
        await Refused(Invalid + "InResponseTo does not match the SAML request.", _idp.SignedAssertion(Content), inResponseTo: null);
    }

    [Fact]
    public async Task An_assertion_is_accepted_once()
    {
        var response = _idp.SignedAssertion(Content);
        await Verify(response);
        await Refused(Invalid + "SAML Assertion has already been used.", response);
    }

    [Fact]
    public async Task A_failed_status_is_refused_with_its_codes()
    {
        await Refused(
            Invalid + "SAML response status is urn:oasis:names:tc:SAML:2.0:status:Responder (urn:oasis:names:tc:SAML:2.0:status:AuthnFailed).",
            _idp.SignedResponse(Content with
            {
                StatusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder",
                SubStatusCode = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed",
            }));
    }

    [Fact]
    public async Task An_assertion_from_another_issuer_is_refused()
    {
        await Refused(Invalid + "Issuer does not match the identity provider's entity ID.",
            _idp.SignedAssertion(Content with { Issuer = "https://evil.example.com/saml" }));
    }

    [Fact]
    public async Task An_assertion_without_NameID_is_refused()
    {
        var response = _idp.Response(Content);
        var nameId = NameIdOf(response);
        nameId.ParentNode!.RemoveChild(nameId);
        await Refused(Invalid + "SAML Assertion has no Subject NameID.", SamlTestIdp.Encode(_idp.SignAssertion(response)));
    }

    [Fact]
    public async Task An_encrypted_assertion_is_refused()
    {
        var response = _idp.Response(Content);
        var assertion = SamlTestIdp.AssertionOf(response);
        var encrypted = response.CreateElement("saml", "EncryptedAssertion", SamlTestIdp.Assertion);
        response.DocumentElement!.ReplaceChild(encrypted, assertion);
        await Refused(Invalid + "Encrypted assertions are not supported.", SamlTestIdp.Encode(response));
    }

    [Fact]
    public async Task A_DTD_is_refused_so_no_entity_is_expanded_or_fetched()
    {
        var signed = Encoding.UTF8.GetString(Convert.FromBase64String(_idp.SignedAssertion(Content)));
        var external = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>""" + signed.Replace("alice@example.com</saml:NameID>", "&x;</saml:NameID>", StringComparison.Ordinal);
        await Refused(Invalid + "SAML response is not well-formed XML.", Convert.ToBase64String(Encoding.UTF8.GetBytes(external)));
        var laughs = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>""" + signed;
        await Refused(Invalid + "SAML response is not well-formed XML.", Convert.ToBase64String(Encoding.UTF8.GetBytes(laughs)));
    }

    [Fact]
    public async Task Garbage_and_oversized_responses_are_refused()
    {
        await Refused(Invalid + "SAML response is not well-formed XML.", "not base64!");
        await Refused(Invalid + "SAML response is not well-formed XML.", Convert.ToBase64String("<unclosed"u8.ToArray()));
        await Refused(Invalid + "SAML response is not a SAML 2.0 Response.", Convert.ToBase64String("<html/>"u8.ToArray()));
        await Refused(Invalid + "SAML response is longer than 100000 characters.", new string('A', 100_004));
    }

    private static XmlElement NameIdOf(XmlDocument response) => (XmlElement)response.GetElementsByTagName("NameID", SamlTestIdp.Assertion)[0]!;

    /// <summary>A copy of the assertion without its signature, saying the attacker's NameID.</summary>
    private static XmlElement Evil(XmlElement signed, string id)
    {
        var evil = (XmlElement)signed.CloneNode(deep: true);
        evil.SetAttribute("ID", id);
        var signature = evil.GetElementsByTagName("Signature", SamlTestIdp.DSig)[0]!;
        evil.RemoveChild(signature);
        evil.GetElementsByTagName("NameID", SamlTestIdp.Assertion)[0]!.InnerText = "admin@example.com";
        return evil;
    }
}
