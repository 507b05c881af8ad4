using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.IntegrationTests.Fixtures;
using Daas.Tls.Acme;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.Tls.Acme;

/// <summary>
/// One Pebble for a test class, validating against one <see cref="LoopbackChallengeResponder"/>.
/// Tests use their own account keys and host names, so Pebble's reuse of valid authorizations
/// stays within a test.
/// </summary>
public sealed class PebbleAcmeFixture : IAsyncLifetime
{
    private X509Certificate2Collection? _httpsRoots;

    internal LoopbackChallengeResponder Responder { get; private set; } = null!;

    internal PebbleServer Pebble { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Responder = await LoopbackChallengeResponder.StartAsync();
        Pebble = await PebbleServer.StartAsync(Responder.HttpPort, Responder.TlsPort);
        _httpsRoots = [X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Pebble.HttpsCaFile))];
    }

    /// <summary>A client as DaaS will build one: over <see cref="AcmeHttpHandler"/>, trusting Pebble's HTTPS CA.</summary>
    internal AcmeClient NewClient(ECDsa accountKey, ILogger? logger = null) =>
        new(new HttpClient(AcmeHttpHandler.Create(_httpsRoots!)), Pebble.Directory, accountKey, TimeProvider.System, logger);

    public async Task DisposeAsync()
    {
        await Pebble.DisposeAsync();
        await Responder.DisposeAsync();
        foreach (var root in _httpsRoots ?? [])
        {
            root.Dispose();
        }
    }
}
