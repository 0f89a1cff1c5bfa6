using CognitoLite.Core.OAuth;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace CognitoLite.Server.Pages;

/// <summary>
/// The HTML of the managed login pages: one layout, and form parts that every page builds from so that every input has a
/// label, every button visible text and every error role=alert. Every value that came from a request or the store goes
/// through <see cref="E"/>. The class names are the ones Cognito's UI customisation CSS may style (its allow-list).
/// </summary>
internal static class Html
{
    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Field(string name, string label, string type = "text", string? value = null, string? autocomplete = null, bool required = true) =>
        $"""
        <div class="field"><label class="label-customizable" for="{E(name)}">{E(label)}</label>
        <input class="inputField-customizable" id="{E(name)}" name="{E(name)}" type="{E(type)}"{(value is null ? "" : $" value=\"{E(value)}\"")}{(autocomplete is null ? "" : $" autocomplete=\"{E(autocomplete)}\"")}{(required ? " required" : "")}></div>
        """;

    public static string Hidden(string name, string value) => $"""<input type="hidden" name="{E(name)}" value="{E(value)}">""";

    /// <summary>
    /// A submit button; <paramref name="name"/> and <paramref name="value"/> tell the handler which of a form's buttons was
    /// pressed. A <paramref name="secondary"/> button (resend a code, another way to sign in) skips the browser's checks of
    /// the form's required fields, which are for the primary action.
    /// </summary>
    public static string Button(string text, string? name = null, string? value = null, bool secondary = false) =>
        $"""<button class="{(secondary ? "btn btn-secondary" : "btn btn-primary submitButton-customizable")}" type="submit"{(name is null ? "" : $" name=\"{E(name)}\" value=\"{E(value)}\"")}{(secondary ? " formnovalidate" : "")}>{E(text)}</button>""";

    public static string Link(string href, string text) => $"""<a class="redirect-customizable" href="{E(href)}">{E(text)}</a>""";

    /// <summary>The links under a form (pieces made with <see cref="Link"/>).</summary>
    public static string Links(params string[] links) => $"""<div class="links">{string.Concat(links)}</div>""";

    public static string Alert(string? message) =>
        message is null ? "" : $"""<div class="errorMessage-customizable" role="alert">{E(message)}</div>""";

    public static string Note(string? text) => text is null ? "" : $"""<p class="textDescription-customizable">{E(text)}</p>""";

    /// <summary>A POST form to <paramref name="action"/> (path and query) with its anti-forgery token.</summary>
    public static string Form(string action, string formToken, string body) =>
        $"""<form method="post" action="{E(action)}">{Hidden("_csrf", formToken)}{body}</form>""";

    /// <summary>
    /// A whole page. Inline styles are allowed only with this response's nonce (the pool's customisation CSS goes in with
    /// it); scripts only on the passkey step, which needs the browser's WebAuthn API (Page.Render's script): every other page
    /// works without JavaScript.
    /// </summary>
    public static string Page(string title, string body, string nonce, string? lang, PageLook? branding)
    {
        var css = new StringBuilder(BaseCss);
        if (branding?.Css is { } custom) css.Append('\n').Append(custom.Replace("</", "<\\/", StringComparison.Ordinal));
        var logo = branding?.LogoUrl is { } url ? $"""<img class="logo-customizable" src="{E(url)}" alt="Logo">""" : "";
        return $"""
            <!DOCTYPE html>
            <html lang="{E(lang ?? "en")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title>
            <style nonce="{nonce}">{css}</style>
            </head>
            <body class="background-customizable">
            <main class="modal-content">
            <div class="banner-customizable">{logo}</div>
            <h1>{E(title)}</h1>
            {body}
            </main>
            </body>
            </html>
            """;
    }

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));


    private const string BaseCss = """
        body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0;color:#16191f}
        main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 4px rgba(0,0,0,.15)}
        h1{font-size:1.4rem;margin:0 0 1rem}
        .field{margin:0 0 1rem}
        label{display:block;font-weight:600;margin:0 0 .25rem}
        input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #879596;border-radius:.25rem}
        button{width:100%;padding:.6rem;font-size:1rem;background:#0972d3;color:#fff;border:1px solid #0972d3;border-radius:.25rem;cursor:pointer;margin:.25rem 0}
        .btn-secondary{background:#fff;color:#0972d3}
        .legalText-customizable{font-size:.875rem}
        .errorMessage-customizable{background:#fff1f0;border:1px solid #d91515;color:#d91515;padding:.5rem;margin:0 0 1rem;border-radius:.25rem}
        .links{margin-top:1rem;display:flex;flex-direction:column;gap:.5rem}
        .banner-customizable img{max-width:100%;max-height:6rem}
        .qr{text-align:center}
        .qr svg{width:12rem;height:12rem}
        code{word-break:break-all}
        """;
}
