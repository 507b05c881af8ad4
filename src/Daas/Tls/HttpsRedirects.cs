using System.Net;

namespace Daas.Tls;

/// <summary>
/// Once a host has a certificate from a public CA, plain HTTP to it is redirected to HTTPS and
/// HTTPS answers carry HSTS. Not before (a browser told HSTS for a self-signed or local-CA name
/// would lock its user out), and never for an address: the engine pulls from 127.0.0.1 over HTTP.
/// The ACME challenge path is answered before this runs.
/// </summary>
internal static class HttpsRedirects
{
    private const string Hsts = "max-age=31536000";

    public static IApplicationBuilder UseHttpsRedirects(this IApplicationBuilder app)
    {
        // Resolved once: this runs for every request, proxied app traffic included.
        var selector = app.ApplicationServices.GetRequiredService<CertificateSelector>();
        var httpsPort = app.ApplicationServices.GetRequiredService<DaasOptions>().HttpsPort;
        return app.Use(async (context, next) =>
        {
            var host = context.Request.Host.Host.TrimEnd('.').ToLowerInvariant();
            if (host.Length == 0 || IPAddress.TryParse(host.Trim('[', ']'), out _) || !selector.HasPublicCertificate(host))
            {
                await next(context);
                return;
            }

            if (context.Request.IsHttps)
            {
                context.Response.Headers.StrictTransportSecurity = Hsts;
                await next(context);
                return;
            }

            var authority = httpsPort == 443 ? host : $"{host}:{httpsPort}";
            // 308, not 301: a POST or PUT (a registry upload) is repeated with its method and body.
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = $"https://{authority}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
        });
    }
}
