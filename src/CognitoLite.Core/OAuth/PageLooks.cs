using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.OAuth;

/// <summary>How the pages look for a client: CSS for the page's nonce'd style element, and the logo's URL on this host.</summary>
public sealed record PageLook(string? Css, string? LogoUrl);

/// <summary>An image the pages show, as served.</summary>
public sealed record PageImage(byte[] Bytes, string ContentType);

/// <summary>
/// The look of a client's pages. A pool whose domain uses managed login version 2 shows the client's managed login
/// branding style; otherwise the hosted UI (classic) customisation of SetUICustomization applies: the client's own, or
/// the pool's (ClientId ALL). The images are served from this host, so the pages' img-src 'self' allows them.
/// </summary>
public sealed partial class PageLooks(CognitoDbContext db)
{
    /// <summary>A branding style's look, kept per style until it is modified: a style holds up to 40 images, read only when it changes.</summary>
    private static readonly ConcurrentDictionary<Guid, (DateTime Modified, PageLook Look)> Styles = new();

    public async Task<PageLook?> Of(AuthorizeRequest request, string host, CancellationToken ct)
    {
        var poolId = request.Pool.Id;
        var domains = await db.UserPoolDomains.AsNoTracking().Where(d => d.UserPoolId == poolId)
            .Select(d => new { d.Domain, d.IsCustom, d.ManagedLoginVersion }).ToListAsync(ct);
        // The domain the request came to decides; at the server's own address, a version 2 domain of the pool does.
        host = host.ToLowerInvariant();
        var version = domains.FirstOrDefault(d => d.IsCustom ? host == d.Domain : host.StartsWith(d.Domain + ".", StringComparison.Ordinal))?.ManagedLoginVersion
            ?? domains.Max(d => d.ManagedLoginVersion);
        return version == 2 ? await ManagedLoginStyle(request.Client.Id, ct) : await Classic(poolId, request.Client.Id, ct);
    }

    private async Task<PageLook?> Classic(string poolId, string clientId, CancellationToken ct)
    {
        var looks = await db.UICustomizations.AsNoTracking()
            .Where(u => u.UserPoolId == poolId && (u.ClientId == clientId || u.ClientId == UICustomization.AllClients))
            .Select(u => new { u.ClientId, u.Css, u.ImageExtension, u.ModifiedAt }).ToListAsync(ct);
        var look = looks.FirstOrDefault(u => u.ClientId == clientId) ?? looks.FirstOrDefault();
        if (look is null) return null;
        return new PageLook(look.Css, look.ImageExtension is null ? null : $"/{poolId}/{look.ClientId}/{ClassicVersion(look.ModifiedAt)}/assets/images/image.{look.ImageExtension}");
    }

    /// <summary>The version in GetUICustomization's ImageUrl and CSSVersion.</summary>
    private static string ClassicVersion(DateTime modified) => modified.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private async Task<PageLook?> ManagedLoginStyle(string clientId, CancellationToken ct)
    {
        var current = await db.ManagedLoginBrandings.AsNoTracking().Where(b => b.ClientId == clientId)
            .Select(b => new { b.Id, b.ModifiedAt }).FirstOrDefaultAsync(ct);
        if (current is null) return null;
        if (Styles.TryGetValue(current.Id, out var kept) && kept.Modified == current.ModifiedAt) return kept.Look;
        var style = await db.ManagedLoginBrandings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == current.Id, ct);
        if (style is null) return null;
        var look = StyleLook(style);
        Styles[style.Id] = (style.ModifiedAt, look);
        return look;
    }

    /// <summary>
    /// What CognitoLite applies of a managed login style's settings document (the branding editor's JSON), in the colour
    /// scheme of categories.global.colorSchemeMode (LIGHT, DARK, or DYNAMIC: the browser's): the page background colour
    /// (components.pageBackground), text colours (components.pageText), the form's background, border and corner radius
    /// (components.form), the primary and secondary buttons' colours (components.primaryButton, secondaryButton; hover too),
    /// input colours and radius (componentClasses.input, inputLabel, focusState), links (componentClasses.link), the button
    /// radius (componentClasses.buttons) and the error alert (components.alert). Images: the FORM_LOGO asset as the logo (a
    /// PAGE_HEADER_LOGO when there is none) unless its logo is turned off, and PAGE_BACKGROUND as the page's background
    /// image. The rest (layout, header and footer, favicons, IdP buttons, language selector) is not rendered.
    /// </summary>
    private static PageLook StyleLook(ManagedLoginBranding style)
    {
        if (style.UseCognitoProvidedValues) return new PageLook(null, null);
        using var document = JsonDocument.Parse(style.Settings ?? "{}");
        var settings = document.RootElement;
        var scheme = Text(settings, "categories.global.colorSchemeMode") ?? "LIGHT";
        var css = new StringBuilder();
        Rules(css, settings, scheme == "DARK" ? "darkMode" : "lightMode");
        if (scheme == "DYNAMIC")
        {
            css.Append("@media (prefers-color-scheme: dark){");
            Rules(css, settings, "darkMode");
            css.Append('}');
        }
        var mode = scheme == "DARK" ? "DARK" : "LIGHT";
        if (Flag(settings, "components.pageBackground.image.enabled") != false && AssetUrl(style, "PAGE_BACKGROUND", mode) is { } background)
            css.Append(CultureInfo.InvariantCulture, $"body.background-customizable{{background-image:url(\"{background}\");background-size:cover}}");
        var logo = Flag(settings, "components.form.logo.enabled") != false ? AssetUrl(style, "FORM_LOGO", mode) : null;
        logo ??= Flag(settings, "components.pageHeader.logo.enabled") != false ? AssetUrl(style, "PAGE_HEADER_LOGO", mode) : null;
        return new PageLook(css.Length == 0 ? null : css.ToString(), logo);
    }

    /// <summary>(selector, declaration with {0} for the value, component, path of the value under the colour mode).</summary>
    private static readonly (string Selector, string Declaration, string Component, string Value)[] ColorRules =
    [
        ("body.background-customizable", "background-color:{0}", "components.pageBackground", "color"),
        ("body.background-customizable", "color:{0}", "components.pageText", "bodyColor"),
        ("h1", "color:{0}", "components.pageText", "headingColor"),
        (".textDescription-customizable", "color:{0}", "components.pageText", "descriptionColor"),
        ("main", "background-color:{0}", "components.form", "backgroundColor"),
        ("main", "border:1px solid {0}", "components.form", "borderColor"),
        (".label-customizable", "color:{0}", "componentClasses.inputLabel", "textColor"),
        (".inputField-customizable", "background-color:{0}", "componentClasses.input", "defaults.backgroundColor"),
        (".inputField-customizable", "border-color:{0}", "componentClasses.input", "defaults.borderColor"),
        (".inputField-customizable:focus", "outline-color:{0}", "componentClasses.focusState", "borderColor"),
        (".submitButton-customizable", "background-color:{0}", "components.primaryButton", "defaults.backgroundColor"),
        (".submitButton-customizable", "border-color:{0}", "components.primaryButton", "defaults.backgroundColor"),
        (".submitButton-customizable", "color:{0}", "components.primaryButton", "defaults.textColor"),
        (".submitButton-customizable:hover", "background-color:{0}", "components.primaryButton", "hover.backgroundColor"),
        (".submitButton-customizable:hover", "color:{0}", "components.primaryButton", "hover.textColor"),
        (".btn-secondary", "background-color:{0}", "components.secondaryButton", "defaults.backgroundColor"),
        (".btn-secondary", "border-color:{0}", "components.secondaryButton", "defaults.borderColor"),
        (".btn-secondary", "color:{0}", "components.secondaryButton", "defaults.textColor"),
        (".btn-secondary:hover", "background-color:{0}", "components.secondaryButton", "hover.backgroundColor"),
        (".btn-secondary:hover", "color:{0}", "components.secondaryButton", "hover.textColor"),
        (".redirect-customizable", "color:{0}", "componentClasses.link", "defaults.textColor"),
        (".redirect-customizable:hover", "color:{0}", "componentClasses.link", "hover.textColor"),
        (".errorMessage-customizable", "background-color:{0}", "components.alert", "error.backgroundColor"),
        (".errorMessage-customizable", "border-color:{0}", "components.alert", "error.borderColor"),
    ];

    private static readonly (string Selector, string Component)[] RadiusRules =
    [
        ("main", "components.form"), (".inputField-customizable", "componentClasses.input"), ("button", "componentClasses.buttons"),
        (".errorMessage-customizable", "components.alert"),
    ];

    /// <summary>The rules for one colour mode. Only values of the documented shapes are used (colours as RRGGBB or RRGGBBAA hex, radii as numbers), so nothing else from the document reaches the style sheet.</summary>
    private static void Rules(StringBuilder css, JsonElement settings, string mode)
    {
        var declarations = new List<(string Selector, string Declaration)>();
        foreach (var (selector, declaration, component, value) in ColorRules)
            if (Color(Text(settings, $"{component}.{mode}.{value}")) is { } color)
                declarations.Add((selector, string.Format(CultureInfo.InvariantCulture, declaration, color)));
        if (mode == "lightMode")
        {
            foreach (var (selector, component) in RadiusRules)
                if (Number(settings, $"{component}.borderRadius") is { } radius and >= 0 and <= 100)
                    declarations.Add((selector, string.Create(CultureInfo.InvariantCulture, $"border-radius:{radius}px")));
        }
        foreach (var rule in declarations.GroupBy(d => d.Selector))
            css.Append(rule.Key).Append('{').AppendJoin(';', rule.Select(d => d.Declaration)).Append('}');
    }

    private static string? Color(string? hex) => hex is not null && HexColor().IsMatch(hex) ? "#" + hex.ToLowerInvariant() : null;

    private static JsonElement? At(JsonElement root, string path)
    {
        var element = root;
        foreach (var name in path.Split('.'))
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        return element;
    }

    private static string? Text(JsonElement root, string path) => At(root, path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    private static bool? Flag(JsonElement root, string path) => At(root, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? e.GetBoolean() : null;

    private static double? Number(JsonElement root, string path) => At(root, path) is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : null;

    /// <summary>An image of the style for the colour mode (else a DYNAMIC one, else any), as a URL of this host.</summary>
    private static string? AssetUrl(ManagedLoginBranding style, string category, string mode)
    {
        var asset = style.Assets.Where(a => a.Category == category && a.Bytes is not null)
            .OrderBy(a => a.ColorMode == mode ? 0 : a.ColorMode == "DYNAMIC" ? 1 : 2).FirstOrDefault();
        return asset is null ? null : $"/managed-login/assets/{style.Id}/{style.ModifiedAt.Ticks}/{asset.Category}/{asset.ColorMode}";
    }

    /// <summary>The classic logo at the URL GetUICustomization gives as ImageUrl (its version names the change).</summary>
    public async Task<PageImage?> ClassicLogo(string userPoolId, string clientId, string version, string file, CancellationToken ct)
    {
        var look = await db.UICustomizations.AsNoTracking().FirstOrDefaultAsync(u => u.UserPoolId == userPoolId && u.ClientId == clientId, ct);
        if (look?.Image is null || file != $"image.{look.ImageExtension}" || version != ClassicVersion(look.ModifiedAt)) return null;
        return new PageImage(look.Image, look.ImageExtension == "png" ? "image/png" : "image/jpeg");
    }

    /// <summary>An image of a managed login branding style, at the version the page named.</summary>
    public async Task<PageImage?> BrandingAsset(Guid brandingId, long version, string category, string colorMode, CancellationToken ct)
    {
        var style = await db.ManagedLoginBrandings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == brandingId, ct);
        var asset = style?.ModifiedAt.Ticks == version ? style.Assets.FirstOrDefault(a => a.Category == category && a.ColorMode == colorMode) : null;
        if (asset?.Bytes is null) return null;
        return new PageImage(Convert.FromBase64String(asset.Bytes), asset.Extension switch
        {
            "PNG" => "image/png",
            "JPEG" => "image/jpeg",
            "SVG" => "image/svg+xml",
            "WEBP" => "image/webp",
            _ => "image/x-icon",
        });
    }

    /// <summary>The terms documents' languages, by the pages' `lang`.</summary>
    private static readonly Dictionary<string, string> TermsLanguages = new()
    {
        ["de"] = "cognito:german", ["en"] = "cognito:english", ["es"] = "cognito:spanish", ["fr"] = "cognito:french",
        ["id"] = "cognito:bahasa-indonesia", ["it"] = "cognito:italian", ["ja"] = "cognito:japanese", ["ko"] = "cognito:korean",
        ["pt-BR"] = "cognito:portuguese-brazil", ["zh-CN"] = "cognito:chinese-simplified", ["zh-TW"] = "cognito:chinese-traditional",
    };

    /// <summary>
    /// The client's terms of use and privacy policy (CreateTerms), each in the page's language or else its cognito:default
    /// link; as on Cognito, none unless both documents exist.
    /// </summary>
    public async Task<(string TermsOfUse, string PrivacyPolicy)?> TermsLinks(AuthorizeRequest request, CancellationToken ct)
    {
        var documents = await db.Terms.AsNoTracking().Where(t => t.ClientId == request.Client.Id).ToListAsync(ct);
        var language = request.Lang is { } lang ? TermsLanguages.GetValueOrDefault(lang) : null;
        string? LinkOf(string name) => documents.FirstOrDefault(t => t.TermsName == name)?.Links is { } links
            ? (language is null ? null : links.GetValueOrDefault(language)) ?? links.GetValueOrDefault("cognito:default")
            : null;
        return LinkOf("terms-of-use") is { } terms && LinkOf("privacy-policy") is { } privacy ? (terms, privacy) : null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")]
    private static partial Regex HexColor();
}
