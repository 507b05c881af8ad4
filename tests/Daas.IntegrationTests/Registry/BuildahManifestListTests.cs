using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

/// <summary>
/// A multi-platform image pushed by a real client other than docker: buildah builds two FROM-scratch
/// images (busybox-static) for two architectures, puts them in a manifest list and pushes it all;
/// skopeo then reads the list and each child back. buildah keeps its images in a temporary vfs store.
/// </summary>
[Collection(SharedDaasServer.Name)]
public sealed class BuildahManifestListTests(DaasFixture fixture)
{
    private static readonly string[] Architectures = ["amd64", "arm64"];

    private DaasServer Server => fixture.Server;

    private string Credentials => $"{DaasServer.Username}:{Server.Password}";

    [Fact]
    public async Task A_manifest_list_pushed_by_buildah_is_served_with_both_platforms_and_each_child_by_digest()
    {
        Assert.True(File.Exists("/usr/bin/buildah"), "buildah is not installed (apt-get install buildah); scripts/setup.sh --test installs it");
        var storage = Directory.CreateTempSubdirectory("daas-buildah-").FullName;
        var image = $"docker://{Server.RegistryHost}/multi/arch:1";
        try
        {
            // Given a buildah manifest list of two FROM-scratch images, one per architecture
            await Buildah(storage, "manifest", "create", "localhost/daas-list");
            foreach (var architecture in Architectures)
            {
                var container = (await Buildah(storage, "from", "scratch")).Trim();
                await Buildah(storage, "copy", container, "/bin/busybox", "/busybox");
                await Buildah(storage, "config", "--arch", architecture, "--os", "linux", "--cmd", "/busybox true", container);
                await Buildah(storage, "commit", "-q", container, $"localhost/daas-list-{architecture}");
                await Buildah(storage, "manifest", "add", "localhost/daas-list", $"containers-storage:localhost/daas-list-{architecture}");
            }

            // When buildah pushes the list and its images to DaaS
            await Buildah(storage, "manifest", "push", "--all", "--tls-verify=false", $"--creds={Credentials}", "localhost/daas-list", image);

            // Then skopeo reads the list back with both platforms
            using var list = JsonDocument.Parse(await Skopeo("inspect", "--raw", "--tls-verify=false", $"--creds={Credentials}", image));
            var children = list.RootElement.GetProperty("manifests").EnumerateArray()
                .ToDictionary(child => child.GetProperty("platform").GetProperty("architecture").GetString()!, child => child.GetProperty("digest").GetString()!);
            Assert.Equal(Architectures, children.Keys.Order(StringComparer.Ordinal));

            // and fetches each child by digest, byte for byte, with the config of its own platform
            foreach (var (architecture, digest) in children)
            {
                var child = $"docker://{Server.RegistryHost}/multi/arch@{digest}";
                var raw = await Skopeo("inspect", "--raw", "--tls-verify=false", $"--creds={Credentials}", child);
                Assert.Equal(digest, RegistryHttp.DigestOf(raw));
                using var config = JsonDocument.Parse(await Skopeo("inspect", "--config", "--raw", "--tls-verify=false", $"--creds={Credentials}", child));
                Assert.Equal(architecture, config.RootElement.GetProperty("architecture").GetString());
            }
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    /// <summary>Runs buildah on its own storage below <paramref name="storage"/> (vfs: no mounts to clean up).</summary>
    private static Task<string> Buildah(string storage, params string[] arguments) =>
        Commands.RunCheckedAsync("buildah",
            ["--root", Path.Combine(storage, "root"), "--runroot", Path.Combine(storage, "run"), "--storage-driver", "vfs", .. arguments]);

    private static Task<string> Skopeo(params string[] arguments) => Commands.RunCheckedAsync("skopeo", arguments);
}
