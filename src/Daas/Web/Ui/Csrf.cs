using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;

namespace Daas.Web.Ui;

/// <summary>
/// The antiforgery token in the two places pages send it: a hidden input in a form, and the
/// X-CSRF-TOKEN header that htmx adds to every request (hx-headers on the layout's body).
/// </summary>
internal static class Csrf
{
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>The hidden input a form that posts needs: <c>@Csrf.HiddenInput(HttpContext!)</c>.</summary>
    public static HtmlString HiddenInput(HttpContext context)
    {
        var tokens = Tokens(context);
        var encoder = HtmlEncoder.Default;
        return new HtmlString($"<input type=\"hidden\" name=\"{encoder.Encode(tokens.FormFieldName)}\" value=\"{encoder.Encode(tokens.RequestToken ?? "")}\">");
    }

    /// <summary>The JSON object for hx-headers (the attribute's encoding is the page's).</summary>
    public static string HtmxHeaders(HttpContext context) =>
        $"{{\"{HeaderName}\":\"{JavaScriptEncoder.Default.Encode(Tokens(context).RequestToken ?? "")}\"}}";

    private static AntiforgeryTokenSet Tokens(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
}
