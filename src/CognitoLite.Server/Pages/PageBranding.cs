using CognitoLite.Core.OAuth;

namespace CognitoLite.Server.Pages;

internal static class PageBranding
{
    /// <summary>
    /// The images: the classic logo at the URL GetUICustomization gives as ImageUrl, and a branding style's assets. An SVG
    /// opened on its own must not run scripts in this origin: the answers carry a sandboxing Content-Security-Policy.
    /// </summary>
    public static void MapBrandingAssets(this WebApplication app)
    {
        app.MapGet("/{userPoolId}/{clientId}/{version}/assets/images/{file}", async (string userPoolId, string clientId, string version, string file,
            HttpContext http, PageLooks looks, CancellationToken ct) =>
            Image(http, await looks.ClassicLogo(userPoolId, clientId, version, file, ct)));

        app.MapGet("/managed-login/assets/{brandingId:guid}/{version:long}/{category}/{colorMode}", async (Guid brandingId, long version, string category, string colorMode,
            HttpContext http, PageLooks looks, CancellationToken ct) =>
            Image(http, await looks.BrandingAsset(brandingId, version, category, colorMode, ct)));
    }

    private static IResult Image(HttpContext http, PageImage? image)
    {
        if (image is null) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        // The URL names the version: a change of the image is a new URL.
        headers.CacheControl = "public, max-age=86400";
        return Results.Bytes(image.Bytes, image.ContentType);
    }

}
