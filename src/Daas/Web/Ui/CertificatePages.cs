using Daas.Tls;
using Daas.Tls.LocalCa;
using Daas.Web.Slices;

namespace Daas.Web.Ui;

/// <summary>The certificates page: every managed host's certificate, renewal and last error; the local CA's root in local mode.</summary>
internal static class CertificatePages
{
    public static RouteGroupBuilder MapCertificatePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/certificates", IResult (CertificateManager manager, IServiceProvider services, TimeProvider time) =>
            CertificatesPage.Create(new CertificatesPageModel(
                manager.Statuses().OrderBy(s => s.Host, StringComparer.Ordinal).ToList(), services.GetService<LocalCertificateAuthority>() is not null, time.GetUtcNow())));
        return pages;
    }
}
