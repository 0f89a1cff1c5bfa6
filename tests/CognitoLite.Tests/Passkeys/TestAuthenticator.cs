using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Passkeys;

/// <summary>
/// A passkey authenticator inside the test: an EC P-256 key that builds real WebAuthn responses (clientDataJSON,
/// authenticatorData, a `none` or self-attested `packed` attestation object, ES256 signatures) as a browser would
/// hand them to an app, serialised as RegistrationResponseJSON / AuthenticationResponseJSON.
/// </summary>
public sealed class TestAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01, UserVerified = 0x04, AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);
    public string Id => TestJwt.Base64Url(CredentialId);
    public uint Counter { get; set; }
    /// <summary>The user handle of the passkey (user.id of the creation options), sent back with each assertion.</summary>
    public byte[]? UserHandle { get; private set; }
    /// <summary>Whether the authenticator verifies its user (the UV flag).</summary>
    public bool Verifies { get; init; } = true;

    /// <summary>navigator.credentials.create: a new credential for the options' relying party (or <paramref name="rpId"/>), seen from <paramref name="origin"/>.</summary>
    public JsonObject Register(JsonNode options, string origin, string format = "none", string? rpId = null)
    {
        UserHandle = TestJwt.FromBase64Url(options["user"]!["id"].Str());
        var clientData = ClientData("webauthn.create", options["challenge"].Str(), origin);
        var authData = AuthenticatorData(rpId ?? options["rp"]!["id"].Str(), (byte)(Flags | AttestedCredentialData), [.. AttestedCredential()]);
        var cbor = new CborWriter(CborConformanceMode.Lax);
        cbor.WriteStartMap(3);
        cbor.WriteTextString("fmt");
        cbor.WriteTextString(format);
        cbor.WriteTextString("attStmt");
        if (format == "packed")
        {
            cbor.WriteStartMap(2);
            cbor.WriteTextString("alg");
            cbor.WriteInt32(-7);
            cbor.WriteTextString("sig");
            cbor.WriteByteString(Sign(authData, clientData));
            cbor.WriteEndMap();
        }
        else
        {
            cbor.WriteStartMap(0);
            cbor.WriteEndMap();
        }
        cbor.WriteTextString("authData");
        cbor.WriteByteString(authData);
        cbor.WriteEndMap();
        return new JsonObject
        {
            ["id"] = Id,
            ["rawId"] = Id,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = TestJwt.Base64Url(clientData),
                ["attestationObject"] = TestJwt.Base64Url(cbor.Encode()),
                ["authenticatorData"] = TestJwt.Base64Url(authData),
                ["transports"] = new JsonArray("internal", "hybrid"),
                ["publicKeyAlgorithm"] = -7,
            },
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    /// <summary>navigator.credentials.get over the request options (a JSON string, as CREDENTIAL_REQUEST_OPTIONS is); the counter goes up by one first.</summary>
    public JsonObject Assert(string requestOptions, string origin)
    {
        Counter++;
        return AssertAt(requestOptions, origin, Counter);
    }

    /// <summary>An assertion carrying this signature counter, whatever the authenticator's own.</summary>
    public JsonObject AssertAt(string requestOptions, string origin, uint counter)
    {
        var options = JsonNode.Parse(requestOptions)!;
        var clientData = ClientData("webauthn.get", options["challenge"].Str(), origin);
        var authData = AuthenticatorData(options["rpId"].Str(), Flags, [], counter);
        var response = new JsonObject
        {
            ["clientDataJSON"] = TestJwt.Base64Url(clientData),
            ["authenticatorData"] = TestJwt.Base64Url(authData),
            ["signature"] = TestJwt.Base64Url(Sign(authData, clientData)),
        };
        if (UserHandle is not null) response["userHandle"] = TestJwt.Base64Url(UserHandle);
        return new JsonObject
        {
            ["id"] = Id,
            ["rawId"] = Id,
            ["type"] = "public-key",
            ["response"] = response,
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    private byte Flags => (byte)(UserPresent | (Verifies ? UserVerified : 0));

    private static byte[] ClientData(string type, string challenge, string origin) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = origin, ["crossOrigin"] = false }.ToJsonString());

    private byte[] AuthenticatorData(string rpId, byte flags, byte[] attested, uint? counter = null)
    {
        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, counter ?? Counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. count, .. attested];
    }

    /// <summary>AAGUID (zeros), the credential id with its length, and the public key as a COSE EC2 key.</summary>
    private IEnumerable<byte> AttestedCredential()
    {
        var point = _key.ExportParameters(false).Q;
        var cose = new CborWriter(CborConformanceMode.Lax);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
        return [.. new byte[16], .. length, .. CredentialId, .. cose.Encode()];
    }

    private byte[] Sign(byte[] authData, byte[] clientData) =>
        _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
