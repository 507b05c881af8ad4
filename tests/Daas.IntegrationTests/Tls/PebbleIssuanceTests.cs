using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Tls;

/// <summary>
/// DaaS against a real ACME server: Pebble, with its hostile defaults on (5 % of nonces rejected,
/// half of the valid authorizations reused), validating on loopback (every name resolves to 127.0.0.1).
/// </summary>
public sealed class PebbleIssuanceTests
{
    private const string Domain = "example.test";

    [Fact]
    public async Task Http01_IssuesDomainAtStartAndBothAppNamesOnDeploy_EachItsOwnTrustedCertificate()
    {
        // Given DaaS on example.test with Pebble as its ACME server
        await using var acme = await AcmeRig.StartAsync();
        var https = acme.Server.HttpsPort;

        // Then DOMAIN_NAME gets its certificate at start
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(https, Domain, acme.Root), acme.Server.Output);

        // When an app is pushed and deployed
        await using var docker = await DockerSession.LoginAsync(acme.Server);
        await docker.PushAsync("shop", "open");

        // Then both of its names get a certificate for exactly that name, and the app answers over HTTPS
        foreach (var host in new[] { $"shop.{Domain}", $"www.shop.{Domain}" })
        {
            Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(https, host, acme.Root), $"{host}\n{acme.Server.Output}");
            var answer = await HttpsProbe.GetAsync(https, host, "/", acme.Root);
            Assert.Equal((HttpStatusCode.OK, "open"), (answer.Status, answer.Body.Trim()));
            Assert.Equal([host], DnsNames(answer.Certificate));
            Assert.Equal("max-age=31536000", answer.Response.Headers.GetValues("Strict-Transport-Security").Single());
        }

        // And plain HTTP to a name with a certificate is redirected to HTTPS, except ACME's path and the engine's loopback address
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = acme.Server.Http.BaseAddress };
        using var redirect = await SendWithHostAsync(plain, Domain, "/v2/_catalog?n=1");
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal($"https://{Domain}:{https}/v2/_catalog?n=1", redirect.Headers.Location!.ToString());
        using var challenge = await SendWithHostAsync(plain, Domain, "/.well-known/acme-challenge/unknown-token");
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
        using var engine = await plain.GetAsync("v2/");
        Assert.Equal(HttpStatusCode.Unauthorized, engine.StatusCode);

        // And /api/certificates shows each host's certificate and schedule
        var certificates = await CertificatesAsync(acme.Server);
        Assert.Equal([Domain, $"shop.{Domain}", $"www.shop.{Domain}"], certificates.Keys.Order(StringComparer.Ordinal));
        Assert.All(certificates.Values, c =>
        {
            Assert.Equal("valid", c.GetProperty("state").GetString());
            Assert.Equal("acme", c.GetProperty("source").GetString());
            Assert.Contains("Pebble", c.GetProperty("issuer").GetString(), StringComparison.Ordinal);
            var from = c.GetProperty("validFrom").GetDateTimeOffset();
            var until = c.GetProperty("validUntil").GetDateTimeOffset();
            Assert.InRange(c.GetProperty("nextRenewal").GetDateTimeOffset(), from, until);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("lastError").ValueKind);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("nextRetry").ValueKind);
        });
    }

    [Fact]
    public async Task TlsAlpn01_IssuesOverTheHttpsPortAlone()
    {
        // Given DaaS answering challenges on HTTPS_PORT, and nothing at all where Pebble would look for HTTP-01
        await using var acme = await AcmeRig.StartAsync(new Dictionary<string, string> { ["ACME_CHALLENGE"] = "tls-alpn-01" }, closedHttp: true);

        // Then DOMAIN_NAME's certificate is issued, and the registry answers over HTTPS with it
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(acme.Server.HttpsPort, Domain, acme.Root), acme.Server.Output);
        var answer = await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.True(answer.Trusted);
    }

    [Fact]
    public async Task FailedValidation_IsShownAndRetried_UntilItSucceeds()
    {
        // Given Pebble's HTTP-01 validation cannot reach DaaS (a closed port 80, say)
        await using var acme = await AcmeRig.StartAsync(closedHttp: true);

        // Then handshakes meanwhile complete at once, with a self-signed certificate for the name
        var early = await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root);
        Assert.False(early.Trusted);
        Assert.True(early.Certificate.MatchesHostname(Domain, allowWildcards: false));

        // And the failure is shown with its reason and a retry time
        JsonElement failing = default;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var certificates = await CertificatesAsync(acme.Server);
            return certificates.TryGetValue(Domain, out failing) && failing.GetProperty("lastError").ValueKind == JsonValueKind.String;
        }, TimeSpan.FromSeconds(60)), acme.Server.Output);
        Assert.Equal("failing", failing.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, failing.GetProperty("validUntil").ValueKind);
        Assert.Equal(1, failing.GetProperty("failures").GetInt32());
        Assert.True(failing.GetProperty("nextRetry").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));

        // When the port opens
        acme.OpenHttp();

        // Then the retry on the schedule gets the certificate, and the error is gone
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(acme.Server.HttpsPort, Domain, acme.Root, TimeSpan.FromSeconds(60)), acme.Server.Output);
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await CertificatesAsync(acme.Server))[Domain].GetProperty("state").GetString() == "valid", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Restart_ReusesTheAccountAndTheCertificates()
    {
        // Given DaaS that got DOMAIN_NAME's certificate from Pebble
        var dataDir = Directory.CreateTempSubdirectory("daas-acme-restart-").FullName;
        try
        {
            await using var acme = await AcmeRig.StartAsync(dataDir: dataDir);
            Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(acme.Server.HttpsPort, Domain, acme.Root), acme.Server.Output);
            var before = (await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root)).Certificate;
            Assert.Contains("ACME account at", acme.Server.Output, StringComparison.Ordinal);

            // When DaaS restarts on the same DATA_DIR
            await acme.RestartServerAsync();

            // Then its first handshake has the same certificate
            var after = (await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root)).Certificate;
            Assert.Equal(before.SerialNumber, after.SerialNumber);

            // And when it next orders (for a new app), it does so with the same account, registering none
            await using var docker = await DockerSession.LoginAsync(acme.Server);
            await docker.PushAsync("later", "after restart");
            Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(acme.Server.HttpsPort, $"later.{Domain}", acme.Root), acme.Server.Output);
            Assert.DoesNotContain("ACME account at", acme.Server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain($"Obtaining a certificate for {Domain} ", acme.Server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task ShortLivedCertificate_IsRenewedTwoThirdsIntoItsLifetime()
    {
        // Given Pebble issuing certificates valid for 15 s
        await using var acme = await AcmeRig.StartAsync(validitySeconds: 15);
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(acme.Server.HttpsPort, Domain, acme.Root), acme.Server.Output);
        var first = (await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root)).Certificate;

        // Then after about 10 s a new certificate is served in its place, trusted as well
        HttpsAnswer? renewed = null;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            renewed = await HttpsProbe.GetAsync(acme.Server.HttpsPort, Domain, "/v2/", acme.Root);
            return renewed.Certificate.SerialNumber != first.SerialNumber;
        }, TimeSpan.FromSeconds(40)), acme.Server.Output);
        Assert.True(renewed!.Trusted);
        Assert.InRange((renewed.Certificate.NotBefore - first.NotBefore).TotalSeconds, 8, 30);
    }

    [Fact]
    public async Task DockerCli_LogsInPushesAndPullsOverTls_AndTheAppAnswersOverHttps()
    {
        // Given DaaS with its certificate, the engine trusting Pebble's root for DaaS's registry, and a
        // name of this run's own in /etc/hosts (so no other run can take it away meanwhile)
        var domain = $"r{Guid.NewGuid().ToString("N")[..8]}.{Domain}";
        await using var acme = await AcmeRig.StartAsync(new Dictionary<string, string> { ["DOMAIN_NAME"] = domain });
        var https = acme.Server.HttpsPort;
        var registry = $"{domain}:{https}";
        using var trust = await EngineTrust.AddAsync(registry, acme.RootPem, domain);
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(https, domain, acme.Root), acme.Server.Output);

        // When the docker CLI logs in to example.test:port and pushes an app there
        await using var docker = await DockerSession.LoginAsync(acme.Server, registry);
        await docker.PushAsync("tlsapp", "pushed over tls");

        // Then the app is deployed and answers over HTTPS with a trusted certificate of its own
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(https, $"tlsapp.{domain}", acme.Root), acme.Server.Output);
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await HttpsProbe.GetAsync(https, $"tlsapp.{domain}", "/", acme.Root)).Body.Trim() == "pushed over tls", TimeSpan.FromSeconds(30)), acme.Server.Output);

        // And the image can be pulled back over TLS, by the docker CLI and by skopeo
        await docker.RunAsync("rmi", $"{registry}/tlsapp:latest");
        await docker.RunAsync("pull", $"{registry}/tlsapp:latest");
        var inspected = await Commands.RunCheckedAsync("skopeo",
            ["inspect", "--cert-dir", trust.Directory, "--creds", $"{DaasServer.Username}:{acme.Server.Password}", $"docker://{registry}/tlsapp:latest"]);
        Assert.Contains("\"Digest\"", inspected, StringComparison.Ordinal);

        // And buildah pulls it and pushes a copy under another name over TLS, verifying the certificate
        var storage = Directory.CreateTempSubdirectory("daas-buildah-tls-").FullName;
        try
        {
            string[] buildah = ["--root", Path.Combine(storage, "root"), "--runroot", Path.Combine(storage, "run"), "--storage-driver", "vfs"];
            var credentials = $"--creds={DaasServer.Username}:{acme.Server.Password}";
            await Commands.RunCheckedAsync("buildah", [.. buildah, "pull", "-q", "--cert-dir", trust.Directory, credentials, $"docker://{registry}/tlsapp:latest"]);
            await Commands.RunCheckedAsync("buildah", [.. buildah, "push", "-q", "--cert-dir", trust.Directory, credentials, $"{registry}/tlsapp:latest", $"docker://{registry}/tlscopy:latest"]);
            var copied = await Commands.RunCheckedAsync("skopeo",
                ["inspect", "--cert-dir", trust.Directory, "--creds", $"{DaasServer.Username}:{acme.Server.Password}", $"docker://{registry}/tlscopy:latest"]);
            Assert.Contains("\"Digest\"", copied, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    private static async Task<Dictionary<string, JsonElement>> CertificatesAsync(DaasServer server)
    {
        var (status, body) = await server.ApiAsync(HttpMethod.Get, "api/certificates");
        Assert.Equal(HttpStatusCode.OK, status);
        return body.EnumerateArray().ToDictionary(c => c.GetProperty("host").GetString()!, c => c);
    }

    private static List<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();

    private static Task<HttpResponseMessage> SendWithHostAsync(HttpClient client, string host, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return client.SendAsync(request);
    }

    /// <summary>
    /// Pebble plus a DaaS on example.test that uses it: HTTPS_PORT is where Pebble validates TLS-ALPN-01;
    /// Pebble's HTTP-01 port is a relay to DaaS's HTTP_PORT, closed when <c>closedHttp</c>.
    /// </summary>
    private sealed class AcmeRig : IAsyncDisposable
    {
        private readonly Dictionary<string, string> _settings;
        private readonly string? _dataDir;

        private AcmeRig(PebbleServer pebble, LoopbackForwarder http, Dictionary<string, string> settings, string? dataDir, string rootPem)
        {
            Pebble = pebble;
            HttpRelay = http;
            _settings = settings;
            _dataDir = dataDir;
            RootPem = rootPem;
            Root = X509Certificate2.CreateFromPem(rootPem);
        }

        public PebbleServer Pebble { get; }
        public LoopbackForwarder HttpRelay { get; }
        public DaasServer Server { get; private set; } = null!;
        public string RootPem { get; }
        public X509Certificate2 Root { get; }

        public static async Task<AcmeRig> StartAsync(IReadOnlyDictionary<string, string>? extra = null, bool closedHttp = false, string? dataDir = null, int? validitySeconds = null)
        {
            var httpPort = FreePort.Next();
            var httpsPort = FreePort.Next();
            var relay = new LoopbackForwarder(httpPort, enabled: !closedHttp);
            var pebble = await PebbleServer.StartAsync(relay.Port, httpsPort, validitySeconds);
            var settings = new Dictionary<string, string>
            {
                ["DOMAIN_NAME"] = Domain,
                ["HTTP_PORT"] = httpPort.ToString(CultureInfo.InvariantCulture),
                ["HTTPS_PORT"] = httpsPort.ToString(CultureInfo.InvariantCulture),
                ["ACME_DIRECTORY"] = pebble.Directory.ToString(),
                ["ACME_CA_BUNDLE"] = pebble.HttpsCaFile,
                ["ACME_EMAIL"] = "ops@example.test",
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }

            var rig = new AcmeRig(pebble, relay, settings, dataDir, await pebble.IssuingRootPemAsync());
            rig.Server = await DaasServer.StartAsync(settings, dataDir, httpPort);
            return rig;
        }

        public void OpenHttp() => HttpRelay.Enabled = true;

        public async Task RestartServerAsync()
        {
            await Server.DisposeAsync();
            Server = await DaasServer.StartAsync(_settings, _dataDir, int.Parse(_settings["HTTP_PORT"], CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await HttpRelay.DisposeAsync();
            await Pebble.DisposeAsync();
        }
    }
}
