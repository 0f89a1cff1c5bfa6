using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Passkeys;

/// <summary>
/// The WebAuthn relying party of a pool: its id (the domain passkeys are bound to), whether user verification is
/// required, and which browser origins may use it.
/// </summary>
public sealed record RelyingParty(string Id, string UserVerification, bool Development)
{
    /// <summary>How long the browser is given to create or use a passkey, as Cognito's options say.</summary>
    public const uint Timeout = 60000;

    public UserVerificationRequirement Requirement =>
        UserVerification == "required" ? UserVerificationRequirement.Required : UserVerificationRequirement.Preferred;

    /// <summary>
    /// An origin whose host is the relying party id or a subdomain of it (what browsers themselves allow), over https;
    /// in development mode also http for localhost and its subdomains, which browsers treat as secure.
    /// </summary>
    public bool Allows(string? origin)
    {
        if (origin is null || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0) return false;
        var host = uri.IdnHost.ToLowerInvariant();
        var id = Id.ToLowerInvariant();
        if (host != id && !host.EndsWith("." + id, StringComparison.Ordinal)) return false;
        return uri.Scheme == Uri.UriSchemeHttps
            || Development && uri.Scheme == Uri.UriSchemeHttp && (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal));
    }

    /// <summary>Fido2 for this relying party, accepting the one origin the caller has already checked with <see cref="Allows"/>.</summary>
    public Fido2 Fido2(string? origin = null) => new(new Fido2Configuration
    {
        RPID = Id,
        RPName = Id,
        Timeout = Timeout,
        ChallengeSize = 32,
        Origins = origin is null ? new HashSet<string>() : new HashSet<string> { origin },
    });
}

/// <summary>
/// Where a pool's relying party comes from: WebAuthnConfiguration.RelyingPartyId when set; otherwise the pool's custom
/// domain; otherwise its prefix domain as AWS names it (production) or `localhost` (development, where the pages and
/// apps run on localhost). Production mode without either is WebAuthnConfigurationMissingException, as on AWS.
/// </summary>
public sealed class RelyingParties(CognitoDbContext db, CognitoOptions options)
{
    public async Task<RelyingParty> Of(UserPool pool, CancellationToken ct)
    {
        var configuration = pool.Settings.WebAuthnConfiguration;
        var verification = configuration?.UserVerification ?? "preferred";
        var id = configuration?.RelyingPartyId ?? await DomainOf(pool, ct);
        return new RelyingParty(id, verification, !options.Production);
    }

    private async Task<string> DomainOf(UserPool pool, CancellationToken ct)
    {
        var domains = await db.UserPoolDomains.AsNoTracking().Where(d => d.UserPoolId == pool.Id).ToListAsync(ct);
        if (domains.FirstOrDefault(d => d.IsCustom) is { } custom) return custom.Domain;
        if (!options.Production) return "localhost";
        return domains.FirstOrDefault() is { } prefix
            ? $"{prefix.Domain}.auth.{Ids.RegionOf(pool.Id)}.amazoncognito.com"
            : throw Errors.WebAuthnConfigurationMissing();
    }
}
