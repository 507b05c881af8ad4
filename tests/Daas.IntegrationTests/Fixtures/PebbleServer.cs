using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Debian's Pebble (a miniature ACME server, for tests only) with pebble-challtestsrv as its
/// DNS, both on free loopback ports, every name resolving to 127.0.0.1. Pebble's validator
/// connects to the caller's <c>httpPort</c> (HTTP-01) and <c>tlsPort</c> (TLS-ALPN-01). Its own
/// HTTPS uses a throwaway CA made here (<see cref="HttpsCaFile"/>); the CA it issues from is new
/// at each start (<see cref="IssuingRootPemAsync"/>). Pebble keeps its hostile defaults: it
/// rejects 5 % of good nonces and reuses half of the valid authorizations. Disposing kills both
/// processes and deletes the temp dir; so does the test process's exit. BCL only, so that unit
/// and integration tests can both compile it.
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _output = new();
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly int _managementPort;

    private PebbleServer(string directory, int listenPort, int managementPort)
    {
        _directory = directory;
        _managementPort = managementPort;
        Directory = new Uri($"https://127.0.0.1:{listenPort}/dir");
        HttpsCaFile = Path.Combine(directory, "https-ca.pem");
        _http = new HttpClient(TrustingOnly(HttpsCaFile)) { Timeout = TimeSpan.FromSeconds(10) };
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>The ACME directory URL.</summary>
    public Uri Directory { get; }

    /// <summary>PEM of the CA that signed Pebble's own HTTPS certificate (for 127.0.0.1 and localhost).</summary>
    public string HttpsCaFile { get; }

    /// <summary>What both processes printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PebbleServer> StartAsync(int httpPort, int tlsPort, int? certificateValidityPeriodSeconds = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("daas-pebble-").FullName;
        int dnsPort = FreeUdpPort(), challengeManagementPort = FreeTcpPort(), listenPort = FreeTcpPort(), managementPort = FreeTcpPort();
        var server = new PebbleServer(directory, listenPort, managementPort);
        try
        {
            server.WriteHttpsCertificates();
            var config = Path.Combine(directory, "pebble-config.json");
            var validity = certificateValidityPeriodSeconds is { } seconds ? $",\n    \"certificateValidityPeriod\": {seconds}" : "";
            File.WriteAllText(config, $$"""
                {
                  "pebble": {
                    "listenAddress": "127.0.0.1:{{listenPort}}",
                    "managementListenAddress": "127.0.0.1:{{managementPort}}",
                    "certificate": "{{Path.Combine(directory, "https-cert.pem")}}",
                    "privateKey": "{{Path.Combine(directory, "https-key.pem")}}",
                    "httpPort": {{httpPort}},
                    "tlsPort": {{tlsPort}},
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": false{{validity}}
                  }
                }
                """);
            server.Launch("pebble-challtestsrv",
                ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}", "-http01", "", "-https01", "", "-tlsalpn01", "",
                 "-management", $"127.0.0.1:{challengeManagementPort}"], []);
            server.Launch("pebble", ["-config", config, "-dnsserver", $"127.0.0.1:{dnsPort}"], new() { ["PEBBLE_VA_NOSLEEP"] = "1" });
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch (Exception e)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"Pebble did not start: {e.Message}\n{output}", e);
        }
    }

    /// <summary>The root Pebble issues from (its management API's <c>/roots/0</c>), PEM.</summary>
    public Task<string> IssuingRootPemAsync() => _http.GetStringAsync(new Uri($"https://127.0.0.1:{_managementPort}/roots/0"));

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _http.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private void Launch(string file, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        _processes.Add(process);
        process.OutputDataReceived += (_, e) => Append(file, e.Data);
        process.ErrorDataReceived += (_, e) => Append(file, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.StartInfo.FileName} exited with code {dead.ExitCode}");
            }

            try
            {
                using var response = await _http.GetAsync(Directory);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("its directory did not answer within 20 s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A throwaway CA and, signed by it, Pebble's HTTPS certificate for 127.0.0.1 and localhost.</summary>
    private void WriteHttpsCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DaaS test Pebble HTTPS CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(HttpsCaFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "https-cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "https-key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>HTTPS that trusts only the given CA, with no revocation check: this fixture's own view of Pebble.</summary>
    private static SocketsHttpHandler TrustingOnly(string caFile) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is not X509Certificate2 leaf)
                {
                    return false;
                }

                using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.DisableCertificateDownloads = true;
                return chain.Build(leaf);
            },
        },
    };

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>challtestsrv's DNS listens on UDP and TCP at once; a port free for UDP is checked for TCP too.</summary>
    private static int FreeUdpPort()
    {
        while (true)
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }
    }

    private void Append(string source, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(source).Append(": ").AppendLine(line);
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
