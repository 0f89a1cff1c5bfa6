using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Passkeys;

/// <summary>
/// The WEB_AUTHN challenge of choice-based sign-in: the request options for navigator.credentials.get (kept in the
/// challenge session, whose single use makes the challenge single use), and the check of the assertion that answers it:
/// Fido2 verifies challenge, origin, relying party, flags and signature; the signature counter must move forward.
/// </summary>
public sealed class PasskeySignIn(CognitoDbContext db, RelyingParties relyingParties)
{
    /// <summary>The challenge session's key for the options sent.</summary>
    public const string Options = "options";

    public Task<bool> Has(User user, CancellationToken ct) => db.WebAuthnCredentials.AnyAsync(c => c.UserId == user.Id, ct);

    /// <summary>The CREDENTIAL_REQUEST_OPTIONS (a JSON string) for the user's passkeys, and what the session keeps to check the answer.</summary>
    public async Task<(string RequestOptions, Dictionary<string, string> Kept)> Challenge(UserPool pool, User user, CancellationToken ct)
    {
        var credentials = await db.WebAuthnCredentials.AsNoTracking().Where(c => c.UserId == user.Id).OrderBy(c => c.CredentialId).ToListAsync(ct);
        var party = await relyingParties.Of(pool, ct);
        var options = party.Fido2().GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = credentials.Select(c => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(c.CredentialId))).ToList(),
            UserVerification = party.Requirement,
        });
        return (RequestOptions(options, credentials), new() { [Options] = options.ToJson() });
    }

    /// <summary>
    /// Options of the same shape for a decoy (a user the client must not reveal), with nothing behind them. Real options
    /// always list the user's passkeys, WEB_AUTHN being offered only to users with one, so a decoy lists one, or now and then
    /// two, made-up credentials drawn from <paramref name="seed"/> (the same at every request, as a real user's are): ids of
    /// the lengths authenticators make, with the transports browsers report.
    /// </summary>
    public async Task<string> Decoy(UserPool pool, byte[] seed, CancellationToken ct)
    {
        var party = await relyingParties.Of(pool, ct);
        var credentials = Enumerable.Range(0, seed[0] % 4 == 0 ? 2 : 1).Select(i => new WebAuthnCredential
        {
            UserPoolId = pool.Id,
            CredentialId = Base64Url.EncodeToString(Expand(seed, i, DecoyIdLengths[seed[1 + i] % DecoyIdLengths.Length])),
            PublicKey = [],
            RelyingPartyId = party.Id,
            AuthenticatorTransports = [.. DecoyTransports[seed[3 + i] % DecoyTransports.Length]],
            FriendlyCredentialName = "",
        }).OrderBy(c => c.CredentialId, StringComparer.Ordinal).ToList();
        return RequestOptions(party.Fido2().GetAssertionOptions(new GetAssertionOptionsParams { UserVerification = party.Requirement }), credentials);
    }

    private static readonly int[] DecoyIdLengths = [16, 20, 32, 64];
    private static readonly string[][] DecoyTransports = [["hybrid", "internal"], ["internal"], ["hybrid", "internal"], ["nfc", "usb"]];

    /// <summary>The <paramref name="index"/>th made-up credential id of a decoy: <paramref name="length"/> bytes from the seed.</summary>
    private static byte[] Expand(byte[] seed, int index, int length) =>
        Enumerable.Range(0, (length + 31) / 32).SelectMany(block => SHA256.HashData([.. seed, (byte)index, (byte)block])).Take(length).ToArray();

    /// <summary>
    /// The CREDENTIAL answering a WEB_AUTHN challenge: one of the user's passkeys, asserted over this session's challenge,
    /// from an origin of the relying party. Any failure is NotAuthorizedException; the counter is advanced only if it
    /// still holds the value checked, so of two uses of one assertion only one can pass. True when the authenticator
    /// verified its user (the UV flag of the signed authenticator data).
    /// </summary>
    public async Task<bool> Verify(UserPool pool, User user, Dictionary<string, string> kept, string credentialJson, CancellationToken ct)
    {
        var (assertion, origin) = Read(credentialJson);
        var options = AssertionOptions.FromJson(kept[Options]);
        var party = await relyingParties.Of(pool, ct) with { Id = options.RpId! };
        var id = assertion.RawId is null ? null : Base64Url.EncodeToString(assertion.RawId);
        var credential = await db.WebAuthnCredentials.FirstOrDefaultAsync(c => c.UserPoolId == pool.Id && c.CredentialId == id && c.UserId == user.Id, ct);
        if (credential is null || !party.Allows(origin)) throw Refused();

        VerifyAssertionResult result;
        try
        {
            var handle = PasskeyService.UserHandle(user);
            result = await party.Fido2(origin).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = assertion,
                OriginalOptions = options,
                StoredPublicKey = credential.PublicKey,
                StoredSignatureCounter = (uint)credential.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(handle)),
            }, ct);
        }
        catch (Fido2VerificationException)
        {
            throw Refused();
        }
        // Fido2 refuses a counter that did not grow; one that fell back to 0 (an authenticator without a counter would send 0 every time) too.
        if (credential.SignCount > 0 && result.SignCount <= credential.SignCount) throw Refused();
        var advanced = await db.WebAuthnCredentials
            .Where(c => c.UserPoolId == pool.Id && c.CredentialId == credential.CredentialId && c.SignCount == credential.SignCount)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SignCount, (long)result.SignCount), ct);
        if (advanced == 0) throw Refused();
        return (assertion.Response!.AuthenticatorData[32] & UserVerifiedFlag) != 0;
    }

    /// <summary>The UV bit of authenticatorData's flags byte (after the 32-byte rpIdHash).</summary>
    private const byte UserVerifiedFlag = 0x04;

    /// <summary>Every refused assertion, whatever was wrong with it, as Cognito gives no detail.</summary>
    public static CognitoException Refused() => Errors.NotAuthorized("The passkey could not be verified.");

    /// <summary>The refusal of a CREDENTIAL answering a decoy: read as <see cref="Verify"/> reads one, so a malformed one is refused the same way.</summary>
    public static CognitoException Unverifiable(string credentialJson)
    {
        Read(credentialJson);
        return Refused();
    }

    /// <summary>The assertion of a CREDENTIAL, and the origin its client data names.</summary>
    private static (AuthenticatorAssertionRawResponse Assertion, string? Origin) Read(string credentialJson)
    {
        AuthenticatorAssertionRawResponse assertion;
        try
        {
            assertion = PasskeyService.Read<AuthenticatorAssertionRawResponse>(JsonSerializer.Deserialize<JsonElement>(credentialJson));
        }
        catch (JsonException)
        {
            throw Errors.InvalidParameter("CREDENTIAL must be a JSON AuthenticationResponseJSON.");
        }
        return (assertion, PasskeyService.ClientData(assertion.Response?.ClientDataJson).Origin);
    }

    /// <summary>The request options in the shape Cognito sends them: challenge, rpId, timeout, allowCredentials, userVerification.</summary>
    private static string RequestOptions(AssertionOptions options, List<WebAuthnCredential> credentials) => new JsonObject
    {
        ["challenge"] = Base64Url.EncodeToString(options.Challenge),
        ["rpId"] = options.RpId,
        ["timeout"] = options.Timeout,
        ["allowCredentials"] = new JsonArray([.. credentials.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.CredentialId,
            ["type"] = "public-key",
            ["transports"] = new JsonArray([.. c.AuthenticatorTransports.Select(t => (JsonNode)t)]),
        })]),
        ["userVerification"] = options.UserVerification == UserVerificationRequirement.Required ? "required" : "preferred",
    }.ToJsonString();
}
