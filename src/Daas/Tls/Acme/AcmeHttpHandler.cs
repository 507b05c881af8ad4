using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls.Acme;

/// <summary>
/// The HTTP handler for talking to an ACME server: it trusts the system's roots plus
/// <c>extraRoots</c> (a private or test CA's own HTTPS, such as Pebble's), and builds chains
/// with no revocation check and no certificate downloads, so the only traffic is to the ACME
/// server itself. The host name must still match.
/// </summary>
internal static class AcmeHttpHandler
{
    public static SocketsHttpHandler Create(X509Certificate2Collection extraRoots)
    {
        // Copies of its own: the caller may dispose its certificates while the handler lives on.
        var roots = new X509Certificate2Collection();
        foreach (var root in extraRoots)
        {
            roots.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        }

        return new SocketsHttpHandler
        {
            // Connections are reused, but not for ever: a moved server's new address is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = Policy(X509ChainTrustMode.System, []),
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    errors == SslPolicyErrors.None
                    || (errors == SslPolicyErrors.RemoteCertificateChainErrors && roots.Count > 0 && certificate is X509Certificate2 leaf && ChainsToExtraRoot(leaf, chain, roots)),
            },
        };
    }

    private static bool ChainsToExtraRoot(X509Certificate2 leaf, X509Chain? presented, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain { ChainPolicy = Policy(X509ChainTrustMode.CustomRootTrust, roots) };
        if (presented is not null)
        {
            // What the server sent besides its leaf: the intermediates to build through.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    private static X509ChainPolicy Policy(X509ChainTrustMode trust, X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = trust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
