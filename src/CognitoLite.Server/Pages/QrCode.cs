using System.Globalization;
using System.Text;
using QRCoder;

namespace CognitoLite.Server.Pages;

/// <summary>
/// QR codes drawn as inline SVG on the server, so that the set-up page needs no script and no image request. The modules
/// are one path of filled runs with presentation attributes only: the pages' Content-Security-Policy allows no inline
/// style attributes.
/// </summary>
internal static class QrCode
{
    /// <summary>The otpauth URI authenticator apps read (Google's key URI format): issuer and account in the label and the issuer again as a parameter.</summary>
    public static string AuthenticatorUri(string issuer, string account, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}";

    public static string Svg(string text, string label)
    {
        // The matrix includes the quiet zone scanners need around the code.
        var modules = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M).ModuleMatrix;
        var size = modules.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (!modules[y][x]) continue;
                var start = x;
                while (x + 1 < size && modules[y][x + 1]) x++;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1h-{x - start + 1}z");
            }
        }
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{Html.E(label)}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }
}
