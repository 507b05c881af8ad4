using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Tls;

public sealed class LocalCaTests
{
    [Fact]
    public async Task LocalMode_ServesEveryNameACertificateOfTheDownloadableRoot()
    {
        // Given DaaS on DOMAIN_NAME=localhost, whose local CA's root a user with credentials may download (like every API route, not anyone)
        await using var server = await DaasServer.StartAsync();
        using var anonymous = await server.Http.GetAsync("api/ca.pem");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var root = X509Certificate2.CreateFromPem(await server.RootPemAsync());

        // When an app is pushed and deployed
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("secure", "over tls");
        Assert.True(await server.WaitForAppAsync("secure", "over tls"), server.Output);

        // Then DaaS's own name and both of the app's names are served certificates for exactly that name, from that root
        foreach (var host in new[] { "localhost", "secure.localhost", "www.secure.localhost" })
        {
            Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(server.HttpsPort, host, root), $"{host}\n{server.Output}");
        }

        // And the registry and the app answer over HTTPS, the app by HTTP/2 too
        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpsProbe.GetAsync(server.HttpsPort, "localhost", "/v2/", root)).Status);
        var h2 = await HttpsProbe.GetAsync(server.HttpsPort, "secure.localhost", "/", root, protocol: "h2");
        Assert.Equal((HttpStatusCode.OK, "over tls"), (h2.Status, h2.Body.Trim()));
        Assert.Equal(HttpVersion.Version20, h2.Response.Version);

        // And, with no publicly trusted certificate, plain HTTP is not redirected and HTTPS sends no HSTS
        Assert.Equal(HttpStatusCode.OK, (await server.GetAppAsync("secure")).Status);
        Assert.False(h2.Response.Headers.Contains("Strict-Transport-Security"));

        // And /api/certificates lists the three names as valid, from the local CA
        var (status, body) = await server.ApiAsync(HttpMethod.Get, "api/certificates");
        Assert.Equal(HttpStatusCode.OK, status);
        var hosts = body.EnumerateArray().ToDictionary(c => c.GetProperty("host").GetString()!, c => c);
        Assert.Equal(["localhost", "secure.localhost", "www.secure.localhost"], hosts.Keys.Order(StringComparer.Ordinal));
        Assert.All(hosts.Values, c =>
        {
            Assert.Equal("valid", c.GetProperty("state").GetString());
            Assert.Equal("localCa", c.GetProperty("source").GetString());
            Assert.True(c.GetProperty("validUntil").GetDateTimeOffset() > c.GetProperty("nextRenewal").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("lastError").ValueKind);
        });

        // And every key lies under DATA_DIR, readable by its owner only
        var tls = Path.Combine(server.DataDir, "tls");
        Assert.NotEmpty(Directory.GetFiles(tls, "*", SearchOption.AllDirectories));
        Assert.All(Directory.GetFiles(tls, "*", SearchOption.AllDirectories),
            file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    // (Not TLS 1.1: Debian's OpenSSL refuses it on the client side already, so such a case could not fail.)
    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_SpeaksTls12AndTls13(SslProtocols protocol)
    {
        // Given DaaS in local mode
        await using var server = await DaasServer.StartAsync();

        // When a client offers only one protocol version
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.HttpsPort);
        using var tls = new SslStream(tcp.GetStream());
#pragma warning disable CA5397, CA5359 // the version is under test here, not the certificate
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
#pragma warning restore CA5397, CA5359

        // Then it is spoken
        Assert.Equal(protocol, tls.SslProtocol);
    }

    [Fact]
    public async Task UnknownName_GetsDaasOwnCertificate_WhichDoesNotNameIt()
    {
        // Given DaaS in local mode
        await using var server = await DaasServer.StartAsync();
        var root = X509Certificate2.CreateFromPem(await server.RootPemAsync());

        // When a client names a host that is no app
        var answer = await HttpsProbe.GetAsync(server.HttpsPort, "nosuchapp.localhost", "/", root);

        // Then the handshake completes with DOMAIN_NAME's certificate (no certificate is made for a name
        // only because a request named it), which a client checking names refuses; the host is unknown
        Assert.True(answer.Certificate.MatchesHostname("localhost", allowWildcards: false));
        Assert.False(answer.Certificate.MatchesHostname("nosuchapp.localhost", allowWildcards: true));
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task Restart_KeepsTheRootAndTheCertificates()
    {
        // Given DaaS that has made its CA and DOMAIN_NAME's certificate
        var dataDir = Directory.CreateTempSubdirectory("daas-tls-restart-").FullName;
        try
        {
            string rootPem;
            X509Certificate2 before;
            await using (var first = await DaasServer.StartAsync(dataDir: dataDir))
            {
                rootPem = await first.RootPemAsync();
                var root = X509Certificate2.CreateFromPem(rootPem);
                Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(first.HttpsPort, "localhost", root), first.Output);
                before = (await HttpsProbe.GetAsync(first.HttpsPort, "localhost", "/v2/", root)).Certificate;
            }

            // When it starts again on the same DATA_DIR
            await using var second = await DaasServer.StartAsync(dataDir: dataDir);

            // Then the root is the same and the first handshake already gets the same certificate
            Assert.Equal(rootPem, await second.RootPemAsync());
            var after = (await HttpsProbe.GetAsync(second.HttpsPort, "localhost", "/v2/", X509Certificate2.CreateFromPem(rootPem))).Certificate;
            Assert.Equal(before.SerialNumber, after.SerialNumber);
            Assert.DoesNotContain("Obtaining a certificate for localhost", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
