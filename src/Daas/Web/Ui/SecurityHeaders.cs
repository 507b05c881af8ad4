namespace Daas.Web.Ui;

/// <summary>
/// The headers every answer from DaaS's own host carries (never an app's): a CSP that allows
/// only this host's own scripts, styles and images (no inline code anywhere), no framing, no
/// MIME sniffing, and no Referer to other sites.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Adds them as the response starts, so an error page written after a reset carries them too.</summary>
    public static void AddTo(HttpResponse response) => response.OnStarting(static state =>
    {
        var headers = ((HttpResponse)state).Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        return Task.CompletedTask;
    }, response);
}
