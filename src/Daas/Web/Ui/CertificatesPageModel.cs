using Daas.Tls;

namespace Daas.Web.Ui;

/// <summary>The certificates page's data. Public for RazorSlices; members internal.</summary>
public sealed class CertificatesPageModel
{
    internal CertificatesPageModel(IReadOnlyList<CertificateStatus> certificates, bool localCa, DateTimeOffset now) => (Certificates, LocalCa, Now) = (certificates, localCa, now);

    internal IReadOnlyList<CertificateStatus> Certificates { get; }

    /// <summary>True when certificates come from DaaS's local CA, whose root the page offers.</summary>
    internal bool LocalCa { get; }
    internal DateTimeOffset Now { get; }
}
