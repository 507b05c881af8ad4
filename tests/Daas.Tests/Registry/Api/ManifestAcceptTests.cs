using Daas.Registry.Api;
using Daas.Registry.Model;

namespace Daas.Tests.Registry.Api;

public sealed class ManifestAcceptTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData(MediaTypes.DockerManifest + ", */*;q=0.1")]
    [InlineData(MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifest + ", " + MediaTypes.OciManifest + ";q=0.9")]
    [InlineData("APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON")]
    public void Allows_AcceptListsStoredTypeOrNoManifestType_IsTrue(string? accept)
    {
        Assert.True(ManifestAccept.Allows([accept], MediaTypes.OciManifest));
    }

    [Theory]
    [InlineData(MediaTypes.DockerManifest)]
    [InlineData(MediaTypes.DockerManifest + ", " + MediaTypes.DockerManifestList)]
    [InlineData(MediaTypes.OciIndex)]
    [InlineData("application/vnd.docker.distribution.manifest.v1+prettyjws")]
    public void Allows_AcceptListsOnlyOtherManifestTypes_IsFalse(string accept)
    {
        Assert.False(ManifestAccept.Allows([accept], MediaTypes.OciManifest));
    }

    [Fact]
    public void Allows_StoredTypeInSecondAcceptHeader_IsTrue()
    {
        Assert.True(ManifestAccept.Allows([MediaTypes.DockerManifest, MediaTypes.OciIndex], MediaTypes.OciIndex));
    }
}
