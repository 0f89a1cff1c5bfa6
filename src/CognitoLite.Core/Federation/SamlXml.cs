using System.Globalization;
using System.Xml;

namespace CognitoLite.Core.Federation;

/// <summary>SAML 2.0 names and the XML handling requests and responses share.</summary>
internal static class SamlXml
{
    public const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string DSig = "http://www.w3.org/2000/09/xmldsig#";
    public const string PostBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
    public const string Success = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public const string Bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    public const string UnspecifiedNameId = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    /// <summary>The SP entity ID Cognito uses for a pool: the Issuer of its requests, the Audience its assertions must name.</summary>
    public static string EntityId(string userPoolId) => $"urn:amazon:cognito:sp:{userPoolId}";

    /// <summary>A message ID: starts with a letter or underscore (xs:ID), 128 random bits.</summary>
    public static string NewId() => "_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>xs:dateTime in UTC, as SAML requires.</summary>
    public static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses what an IdP (through a browser) sent: no DTD, so no entity expansion and no external entities, and no
    /// resolver to fetch anything; whitespace kept, as the signature covers it.
    /// </summary>
    public static XmlDocument Parse(byte[] xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        document.Load(reader);
        return document;
    }
}
