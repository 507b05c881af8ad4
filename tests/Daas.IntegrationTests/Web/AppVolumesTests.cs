using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

/// <summary>GET /api/apps/{app}/volumes: the app's named volumes with their mount paths and sizes as Docker measures them.</summary>
[Collection(SharedDaasServer.Name)]
public sealed class AppVolumesTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Volumes_OfAnAppWithData_NameTheVolumeItsMountPathAndItsSize()
    {
        // Given an app whose image declares VOLUME /data, with a note of a few bytes written to it
        var image = $"{Server.RegistryHost}/volapi:latest";
        await TestImages.BuildAsync(image, "volapi v1", new ImageOptions { Volumes = ["/data"] });
        await fixture.Docker("push", image);
        Assert.True(await Server.WaitForAppAsync("volapi", "volapi v1"), Server.Output);
        Assert.Equal(HttpStatusCode.OK, (await Server.GetAppAsync("volapi", "/cgi-bin/notes?remembered")).Status);

        // When its volumes are listed
        var (status, body) = await Server.ApiAsync(HttpMethod.Get, "api/apps/volapi/volumes");

        // Then there is the one volume Docker has, mounted at /data, holding at least the note
        Assert.Equal(HttpStatusCode.OK, status);
        var volume = Assert.Single(body.EnumerateArray());
        var name = volume.GetProperty("name").GetString()!;
        Assert.StartsWith("daas-volapi-data-", name, StringComparison.Ordinal);
        Assert.Equal(name, (await fixture.Docker("volume", "ls", "-q", "--filter", "label=daas.app=volapi")).Trim());
        Assert.Equal("/data", volume.GetProperty("mountPath").GetString());
        Assert.True(volume.GetProperty("sizeBytes").GetInt64() >= "remembered\n".Length, body.ToString());

        // And an unknown app's volumes are a 404
        Assert.Equal(HttpStatusCode.NotFound, (await Server.ApiAsync(HttpMethod.Get, "api/apps/novolapp/volumes")).Status);
    }
}
