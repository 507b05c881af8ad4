namespace Daas.Tls;

/// <summary>Who issued a stored certificate: an ACME CA, or DaaS's own CA in local mode.</summary>
internal enum CertificateSource
{
    Acme,
    LocalCa,
}
