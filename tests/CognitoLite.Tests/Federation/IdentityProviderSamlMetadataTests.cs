using CognitoLite.Core;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Storage;

namespace CognitoLite.Tests.Federation;

/// <summary>SamlMetadata.Parse on metadata documents built in the test, and on documents it must refuse.</summary>
public sealed class IdentityProviderSamlMetadataTests
{
    private static CognitoException Refused(string xml) => Assert.Throws<CognitoException>(() => SamlMetadata.Parse(xml));

    [Fact]
    public void An_IdP_s_metadata_gives_its_entity_id_redirect_endpoints_and_signing_certificates_only()
    {
        using var signing = SamlIdpDocument.NewCertificate();
        using var encryption = SamlIdpDocument.NewCertificate("CN=encryption.idp.example.com");

        var metadata = SamlMetadata.Parse(SamlIdpDocument.Metadata(signing, encryption));

        Assert.Equal(SamlIdpDocument.EntityId, metadata.EntityId);
        // The HTTP-Redirect endpoints, not the HTTP-POST one listed before.
        Assert.Equal(SamlIdpDocument.Sso, metadata.SsoRedirectUrl);
        Assert.Equal(SamlIdpDocument.Slo, metadata.SloRedirectUrl);
        Assert.Equal(signing.RawData, Assert.Single(metadata.SigningCertificates).RawData);
    }

    [Fact]
    public void A_key_without_use_signs_and_an_EntitiesDescriptor_gives_its_IdP()
    {
        using var certificate = SamlIdpDocument.NewCertificate();
        var single = SamlIdpDocument.Metadata(certificate, slo: null).Replace("""<md:KeyDescriptor use="signing">""", "<md:KeyDescriptor>");
        var entity = single[single.IndexOf("<md:EntityDescriptor", StringComparison.Ordinal)..];
        var aggregate = $"""
            <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">
              <md:EntityDescriptor entityID="https://sp.example.com"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>
              {entity}
            </md:EntitiesDescriptor>
            """;

        var metadata = SamlMetadata.Parse(aggregate);

        Assert.Equal(SamlIdpDocument.EntityId, metadata.EntityId);
        Assert.Null(metadata.SloRedirectUrl);
        Assert.Equal(certificate.RawData, Assert.Single(metadata.SigningCertificates).RawData);
    }

    [Fact]
    public void Of_reads_the_stored_MetadataFile_or_the_fetched_document()
    {
        using var certificate = SamlIdpDocument.NewCertificate();
        var xml = SamlIdpDocument.Metadata(certificate);
        IdentityProvider Stored(string key) => new()
        {
            UserPoolId = "us-east-1_Example01", ProviderName = "Corp", ProviderType = ProviderTypes.Saml,
            ProviderDetails = new() { [key] = xml, [ProviderDetails.SsoRedirectBindingUri] = SamlIdpDocument.Sso },
        };

        Assert.Equal(SamlIdpDocument.Sso, SamlMetadata.Of(Stored(ProviderDetails.MetadataFile)).SsoRedirectUrl);
        Assert.Equal(SamlIdpDocument.EntityId, SamlMetadata.Of(Stored(ProviderDetails.FetchedMetadata)).EntityId);
    }

    [Fact]
    public void DTDs_and_external_entities_are_refused_before_anything_is_expanded()
    {
        var laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol2;"/>
            """;
        var external = """
            <?xml version="1.0"?>
            <!DOCTYPE md [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&secret;"/>
            """;

        Assert.StartsWith("The SAML metadata cannot be used: it is not well-formed XML without a DTD (", Refused(laughs).Message);
        Assert.StartsWith("The SAML metadata cannot be used: it is not well-formed XML without a DTD (", Refused(external).Message);
        Assert.Equal("InvalidParameterException", Refused(external).Type);
    }

    [Fact]
    public void Metadata_that_is_no_IdP_s_or_too_large_is_refused()
    {
        using var certificate = SamlIdpDocument.NewCertificate();
        var good = SamlIdpDocument.Metadata(certificate);

        Assert.Equal("The SAML metadata cannot be used: it has no EntityDescriptor with an IDPSSODescriptor.",
            Refused("""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>""").Message);
        Assert.Equal("The SAML metadata cannot be used: it has no EntityDescriptor with an IDPSSODescriptor.", Refused("<html><body/></html>").Message);
        Assert.Equal("The SAML metadata cannot be used: its EntityDescriptor has no entityID.",
            Refused(good.Replace($"entityID=\"{SamlIdpDocument.EntityId}\"", "")).Message);
        Assert.Equal("The SAML metadata cannot be used: a signing certificate in it is not a base64 DER X.509 certificate.",
            Refused(good.Replace(Convert.ToBase64String(certificate.RawData, Base64FormattingOptions.InsertLineBreaks), "bm90IGEgY2VydGlmaWNhdGU=")).Message);
        Assert.Equal($"The SAML metadata cannot be used: it is longer than {SamlMetadata.MaxLength} characters.",
            Refused(good.Replace("<md:NameIDFormat>", "<!--" + new string('x', SamlMetadata.MaxLength) + "--><md:NameIDFormat>")).Message);
    }

    [Fact]
    public void Configuration_may_replace_social_endpoints_only()
    {
        CognitoOptions With(string type, string key, string value) => new()
        {
            Federation = new() { [type] = new() { [key] = value } },
        };

        With("Google", "token_url", "http://127.0.0.1:4000/token").Validate();
        With("Facebook", "api_version", "v21.0").Validate();
        Assert.Equal("CognitoLite:Federation:OIDC: only Google, Facebook, LoginWithAmazon and SignInWithApple have endpoints to replace.",
            Assert.Throws<InvalidOperationException>(() => With("OIDC", "token_url", "https://idp.example.com/token").Validate()).Message);
        Assert.Equal("CognitoLite:Federation:Google:client_id is not a provider detail of Google identity providers.",
            Assert.Throws<InvalidOperationException>(() => With("Google", "client_id", "x").Validate()).Message);
        Assert.Equal("CognitoLite:Federation:Google: token_url nowhere is not an absolute https URL.",
            Assert.Throws<InvalidOperationException>(() => With("Google", "token_url", "nowhere").Validate()).Message);
    }
}
