using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class SkopeoCopyTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task SkopeoCopy_IntoAndOutOfDaas_RoundTripsTheImage()
    {
        // Given an image in the local engine
        var local = $"{Server.RegistryHost}/skopeo-src:1";
        await TestImages.BuildAsync(local, "copied by skopeo");
        var layout = Directory.CreateTempSubdirectory("daas-oci-").FullName;
        try
        {
            // When skopeo copies it into DaaS and back out into an OCI layout
            await Skopeo("copy", "--dest-tls-verify=false", $"--dest-creds={Credentials}", $"docker-daemon:{local}", $"docker://{Server.RegistryHost}/skopeo/app:1");
            await Skopeo("copy", "--src-tls-verify=false", $"--src-creds={Credentials}", $"docker://{Server.RegistryHost}/skopeo/app:1", $"oci:{layout}:app");

            // Then DaaS lists it, and the copy out has the very layers DaaS stores
            var tags = await Skopeo("list-tags", "--tls-verify=false", $"--creds={Credentials}", $"docker://{Server.RegistryHost}/skopeo/app");
            Assert.Contains("\"1\"", tags, StringComparison.Ordinal);
            var inDaas = await Skopeo("inspect", "--tls-verify=false", $"--creds={Credentials}", "--format", "{{.Layers}}", $"docker://{Server.RegistryHost}/skopeo/app:1");
            var copiedOut = await Skopeo("inspect", "--format", "{{.Layers}}", $"oci:{layout}:app");
            Assert.StartsWith("[sha256:", inDaas, StringComparison.Ordinal);
            Assert.Equal(inDaas.Trim(), copiedOut.Trim());
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    private string Credentials => $"{DaasServer.Username}:{Server.Password}";

    private static Task<string> Skopeo(params string[] arguments) => Commands.RunCheckedAsync("skopeo", arguments);
}
