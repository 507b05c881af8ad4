namespace Daas.Tls;

/// <summary>
/// The one check a host name passes before it names a certificate or a file under <c>tls/</c>:
/// lower-case DNS labels, as <see cref="DaasOptions.IsValidDomain"/> accepts them. Such a name
/// holds no '/' and no "..", so a path built from it never leaves its directory.
/// </summary>
internal static class TlsHostName
{
    /// <summary>Returns <paramref name="host"/>, or throws <see cref="ArgumentException"/> when it is not a lower-case DNS name.</summary>
    public static string Require(string host) =>
        DaasOptions.IsValidDomain(host)
            ? host
            : throw new ArgumentException($"'{host}' is not a host name of lower-case DNS labels", nameof(host));
}
