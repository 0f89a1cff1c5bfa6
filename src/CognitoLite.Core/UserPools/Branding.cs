using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

public sealed record SetUICustomizationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(0, 131072)] public string? CSS { get; init; }
    [Length(0, 131072)] public byte[]? ImageFile { get; init; }
}

public sealed record GetUICustomizationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
}

public sealed record UICustomizationType
{
    public string? UserPoolId { get; init; }
    public string? ClientId { get; init; }
    public string? ImageUrl { get; init; }
    public string? CSS { get; init; }
    public string? CSSVersion { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
}

public sealed record UICustomizationResponse(UICustomizationType UICustomization);

public sealed record AssetType
{
    [Required, OneOf("FAVICON_ICO", "FAVICON_SVG", "EMAIL_GRAPHIC", "SMS_GRAPHIC", "AUTH_APP_GRAPHIC", "PASSWORD_GRAPHIC", "PASSKEY_GRAPHIC",
        "PAGE_HEADER_LOGO", "PAGE_HEADER_BACKGROUND", "PAGE_FOOTER_LOGO", "PAGE_FOOTER_BACKGROUND", "PAGE_BACKGROUND", "FORM_BACKGROUND",
        "FORM_LOGO", "IDP_BUTTON_ICON")]
    public string? Category { get; init; }
    [Required, OneOf("LIGHT", "DARK", "DYNAMIC")] public string? ColorMode { get; init; }
    [Required, OneOf("ICO", "JPEG", "PNG", "SVG", "WEBP")] public string? Extension { get; init; }
    [Length(0, 1000000)] public byte[]? Bytes { get; init; }
    [Length(1, 40), Pattern(@"^[\w\- ]+$")] public string? ResourceId { get; init; }
}

public sealed record CreateManagedLoginBrandingRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    public bool? UseCognitoProvidedValues { get; init; }
    public JsonElement? Settings { get; init; }
    [Length(0, 40)] public List<AssetType>? Assets { get; init; }
}

/// <summary>The model marks nothing required here; the pool and the style are still needed to find anything.</summary>
public sealed record UpdateManagedLoginBrandingRequest
{
    [Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Pattern(TermsService.IdPattern)] public string? ManagedLoginBrandingId { get; init; }
    public bool? UseCognitoProvidedValues { get; init; }
    public JsonElement? Settings { get; init; }
    [Length(0, 40)] public List<AssetType>? Assets { get; init; }
}

public sealed record DescribeManagedLoginBrandingRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Pattern(TermsService.IdPattern)] public string? ManagedLoginBrandingId { get; init; }
    public bool? ReturnMergedResources { get; init; }
}

public sealed record DescribeManagedLoginBrandingByClientRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    public bool? ReturnMergedResources { get; init; }
}

public sealed record DeleteManagedLoginBrandingRequest
{
    [Required, Pattern(TermsService.IdPattern)] public string? ManagedLoginBrandingId { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record ManagedLoginBrandingType(
    string ManagedLoginBrandingId, string UserPoolId, bool UseCognitoProvidedValues, JsonElement? Settings, List<AssetType> Assets,
    DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate);

public sealed record ManagedLoginBrandingResponse(ManagedLoginBrandingType ManagedLoginBranding);

/// <summary>
/// The look of the login pages: Set/GetUICustomization (hosted UI classic: CSS from AWS's class allow-list and a logo,
/// per pool or per client) and the managed login branding styles (a settings document and image assets, one per client).
/// </summary>
public sealed partial class BrandingService(CognitoDbContext db, UserPoolService pools, AppClientService clients, Issuer issuer, TimeProvider clock)
{
    private const int MaxLogoBytes = 100 * 1024;

    /// <summary>The classes (and states) AWS lets classic hosted UI CSS style.</summary>
    private static readonly HashSet<string> CssClasses =
    [
        ".background-customizable", ".banner-customizable", ".errorMessage-customizable", ".idpButton-customizable",
        ".idpButton-customizable:hover", ".idpDescription-customizable", ".inputField-customizable", ".inputField-customizable:focus",
        ".label-customizable", ".legalText-customizable", ".logo-customizable", ".passwordCheck-valid-customizable",
        ".passwordCheck-notValid-customizable", ".redirect-customizable", ".socialButton-customizable", ".submitButton-customizable",
        ".submitButton-customizable:hover", ".textDescription-customizable",
    ];

    public async Task<UICustomizationResponse> SetUICustomization(SetUICustomizationRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var clientId = request.ClientId is null ? UICustomization.AllClients : (await clients.FindClient(pool.Id, request.ClientId, ct)).Id;
        if (request.CSS is not null) CheckCss(request.CSS);
        var extension = request.ImageFile is { Length: > 0 } image ? ImageExtension(image) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = await db.UICustomizations.FirstOrDefaultAsync(u => u.UserPoolId == pool.Id && u.ClientId == clientId, ct);
        if (stored is null)
        {
            stored = new UICustomization { UserPoolId = pool.Id, ClientId = clientId, CreatedAt = now };
            db.UICustomizations.Add(stored);
        }
        // CSS and logo are set together, as on AWS: what the request leaves out is cleared.
        stored.Css = request.CSS;
        stored.Image = extension is null ? null : request.ImageFile;
        stored.ImageExtension = extension;
        stored.ModifiedAt = now;
        await db.SaveChangesAsync(ct);
        return new UICustomizationResponse(Describe(stored));
    }

    /// <summary>A client without its own customisation shows the pool's (ClientId ALL).</summary>
    public async Task<UICustomizationResponse> GetUICustomization(GetUICustomizationRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        if (request.ClientId is not null) await clients.FindClient(pool.Id, request.ClientId, ct);
        var stored = await db.UICustomizations.AsNoTracking()
            .Where(u => u.UserPoolId == pool.Id && (u.ClientId == request.ClientId || u.ClientId == UICustomization.AllClients))
            .ToListAsync(ct);
        var chosen = stored.FirstOrDefault(u => u.ClientId == request.ClientId) ?? stored.FirstOrDefault();
        return new UICustomizationResponse(chosen is null
            ? new UICustomizationType { UserPoolId = pool.Id, ClientId = request.ClientId ?? UICustomization.AllClients }
            : Describe(chosen));
    }

    public async Task<ManagedLoginBrandingResponse> CreateManagedLoginBranding(CreateManagedLoginBrandingRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        CheckExclusive(request.UseCognitoProvidedValues, request.Settings, request.Assets);
        if (await db.ManagedLoginBrandings.AnyAsync(b => b.ClientId == client.Id, ct)) throw Exists(client.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var branding = new ManagedLoginBranding
        {
            Id = Guid.NewGuid(),
            UserPoolId = client.UserPoolId,
            ClientId = client.Id,
            UseCognitoProvidedValues = request.UseCognitoProvidedValues == true,
            Settings = request.Settings?.GetRawText(),
            Assets = Assets(request.Assets),
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.ManagedLoginBrandings.Add(branding);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw Exists(client.Id);
        }
        return new ManagedLoginBrandingResponse(Describe(branding));
    }

    /// <summary>
    /// ReturnMergedResources asks for Cognito's defaults merged in; CognitoLite has no default style document, so the
    /// answer is the style as stored either way.
    /// </summary>
    public async Task<ManagedLoginBrandingResponse> DescribeManagedLoginBranding(DescribeManagedLoginBrandingRequest request, CancellationToken ct) =>
        new(Describe(await Find(request.UserPoolId!, request.ManagedLoginBrandingId!, ct)));

    public async Task<ManagedLoginBrandingResponse> DescribeManagedLoginBrandingByClient(DescribeManagedLoginBrandingByClientRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        var branding = await db.ManagedLoginBrandings.AsNoTracking().FirstOrDefaultAsync(b => b.ClientId == client.Id, ct)
            ?? throw Errors.ResourceNotFound($"Managed login branding for client {client.Id} does not exist.");
        return new ManagedLoginBrandingResponse(Describe(branding));
    }

    /// <summary>Settings and Assets given replace the stored ones; UseCognitoProvidedValues true clears both.</summary>
    public async Task<ManagedLoginBrandingResponse> UpdateManagedLoginBranding(UpdateManagedLoginBrandingRequest request, CancellationToken ct)
    {
        if (request.UserPoolId is null || request.ManagedLoginBrandingId is null)
            throw Errors.InvalidParameter("UserPoolId and ManagedLoginBrandingId are required.");
        var branding = await Find(request.UserPoolId, request.ManagedLoginBrandingId, ct);
        CheckExclusive(request.UseCognitoProvidedValues, request.Settings, request.Assets);
        if (request.UseCognitoProvidedValues == true)
        {
            branding.UseCognitoProvidedValues = true;
            branding.Settings = null;
            branding.Assets = [];
        }
        else
        {
            if (request.UseCognitoProvidedValues == false) branding.UseCognitoProvidedValues = false;
            if (request.Settings is { } settings)
            {
                branding.Settings = settings.GetRawText();
                branding.UseCognitoProvidedValues = false;
            }
            if (request.Assets is not null) branding.Assets = Assets(request.Assets);
        }
        branding.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new ManagedLoginBrandingResponse(Describe(branding));
    }

    public async Task<Empty> DeleteManagedLoginBranding(DeleteManagedLoginBrandingRequest request, CancellationToken ct)
    {
        db.ManagedLoginBrandings.Remove(await Find(request.UserPoolId!, request.ManagedLoginBrandingId!, ct));
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    private async Task<ManagedLoginBranding> Find(string userPoolId, string brandingId, CancellationToken ct)
    {
        await pools.FindPool(userPoolId, ct);
        var id = Guid.Parse(brandingId);
        return await db.ManagedLoginBrandings.FirstOrDefaultAsync(b => b.Id == id && b.UserPoolId == userPoolId, ct)
            ?? throw Errors.ResourceNotFound($"Managed login branding {brandingId} does not exist.");
    }

    private static void CheckExclusive(bool? useCognitoProvidedValues, JsonElement? settings, List<AssetType>? assets)
    {
        if (useCognitoProvidedValues == true && (settings is not null || assets is { Count: > 0 }))
            throw Errors.InvalidParameter("Settings and Assets cannot be given when UseCognitoProvidedValues is true.");
        if (settings is { ValueKind: not JsonValueKind.Object })
            throw Errors.InvalidParameter("Settings must be a JSON object.");
    }

    private static List<BrandingAsset> Assets(List<AssetType>? assets)
    {
        var list = (assets ?? []).Select(a => new BrandingAsset
        {
            Category = a.Category!,
            ColorMode = a.ColorMode!,
            Extension = a.Extension!,
            Bytes = a.Bytes is null ? null : Convert.ToBase64String(a.Bytes),
            ResourceId = a.ResourceId,
        }).ToList();
        if (list.GroupBy(a => (a.Category, a.ColorMode)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw Errors.InvalidParameter($"Assets: {twice.Key.Category} is given more than once for color mode {twice.Key.ColorMode}.");
        return list;
    }

    private static CognitoException Exists(string clientId) =>
        Errors.ManagedLoginBrandingExists($"A managed login branding style already exists for client {clientId}.");

    private static ManagedLoginBrandingType Describe(ManagedLoginBranding branding) => new(
        branding.Id.ToString(),
        branding.UserPoolId,
        branding.UseCognitoProvidedValues,
        branding.Settings is null ? null : JsonDocument.Parse(branding.Settings).RootElement.Clone(),
        branding.Assets.Select(a => new AssetType
        {
            Category = a.Category,
            ColorMode = a.ColorMode,
            Extension = a.Extension,
            Bytes = a.Bytes is null ? null : Convert.FromBase64String(a.Bytes),
            ResourceId = a.ResourceId,
        }).ToList(),
        UserPoolService.Utc(branding.CreatedAt),
        UserPoolService.Utc(branding.ModifiedAt));

    private UICustomizationType Describe(UICustomization ui)
    {
        var version = ui.ModifiedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return new UICustomizationType
        {
            UserPoolId = ui.UserPoolId,
            ClientId = ui.ClientId,
            ImageUrl = ui.ImageExtension is null ? null : $"{issuer.EndpointBase}/{ui.UserPoolId}/{ui.ClientId}/{version}/assets/images/image.{ui.ImageExtension}",
            CSS = ui.Css,
            CSSVersion = version,
            LastModifiedDate = UserPoolService.Utc(ui.ModifiedAt),
            CreationDate = UserPoolService.Utc(ui.CreatedAt),
        };
    }

    /// <summary>PNG or JPEG, by signature, and at most 100 KB.</summary>
    private static string ImageExtension(byte[] image)
    {
        if (image.Length > MaxLogoBytes) throw Errors.InvalidParameter("The logo image file must not be larger than 100 KB.");
        if (image.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "png";
        if (image.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF])) return "jpg";
        throw Errors.InvalidParameter("The logo image must be a PNG or JPEG file.");
    }

    /// <summary>Rules whose selectors are all on AWS's list, and no at-rules, markup or scripts.</summary>
    private static void CheckCss(string css)
    {
        var text = Comment().Replace(css, " ");
        if (text.Contains('@') || text.Contains('<') || text.Contains("javascript:", StringComparison.OrdinalIgnoreCase) ||
            text.Contains("expression(", StringComparison.OrdinalIgnoreCase))
            throw Errors.InvalidParameter("CSS must not contain at-rules (@import, @media, …), HTML or JavaScript.");
        var rules = text.Split('}');
        if (rules[^1].Trim().Length > 0) throw Errors.InvalidParameter("CSS is not well formed: a rule is not closed.");
        foreach (var rule in rules[..^1])
        {
            var parts = rule.Split('{');
            if (parts.Length != 2) throw Errors.InvalidParameter("CSS is not well formed.");
            foreach (var selector in parts[0].Split(',').Select(s => s.Trim()))
                if (!CssClasses.Contains(selector))
                    throw Errors.InvalidParameter($"CSS selector {selector} is not allowed: only the hosted UI's *-customizable classes can be styled.");
        }
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
