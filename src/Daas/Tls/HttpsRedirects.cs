using System.Net;
using Daas.Hosting;

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
        // Resolved once, and no async frame of its own: this runs for every request, proxied app traffic included.
        var selector = app.ApplicationServices.GetRequiredService<CertificateSelector>();
        var httpsPort = app.ApplicationServices.GetRequiredService<DaasOptions>().HttpsPort;
        return app.Use(next => context =>
        {
            var host = HostHeader.NameOf(context.Request.Headers.Host.ToString());
            if (host.IsEmpty || !selector.HasPublicCertificate(host) || IPAddress.TryParse(host.Trim('[').Trim(']'), out _))
            {
                return next(context);
            }

            if (context.Request.IsHttps)
            {
                context.Response.Headers.StrictTransportSecurity = Hsts;
                return next(context);
            }

            var name = host.ToString().ToLowerInvariant();
            var authority = httpsPort == 443 ? name : $"{name}:{httpsPort}";
            // 308, not 301: a POST or PUT (a registry upload) is repeated with its method and body.
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = $"https://{authority}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
            return Task.CompletedTask;
        });
    }
}
