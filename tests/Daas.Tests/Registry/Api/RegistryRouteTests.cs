using Daas.Registry.Api;

namespace Daas.Tests.Registry.Api;

public sealed class RegistryRouteTests
{
    [Theory]
    [InlineData("", "Base", "", "")]
    [InlineData("_catalog", "Catalog", "", "")]
    [InlineData("foo/tags/list", "Tags", "foo", "")]
    [InlineData("team/api/tags/list", "Tags", "team/api", "")]
    [InlineData("foo/manifests/latest", "Manifest", "foo", "latest")]
    [InlineData("a/b/c/manifests/sha256:abc", "Manifest", "a/b/c", "sha256:abc")]
    [InlineData("foo/blobs/sha256:abc", "Blob", "foo", "sha256:abc")]
    [InlineData("foo/blobs/uploads/", "UploadStart", "foo", "")]
    [InlineData("team/api/blobs/uploads/0123abcd", "Upload", "team/api", "0123abcd")]
    [InlineData("foo/referrers/sha256:abc", "Referrers", "foo", "sha256:abc")]
    [InlineData("a/b/c/referrers/sha256:abc", "Referrers", "a/b/c", "sha256:abc")]
    [InlineData("foo/referrers/manifests/latest", "Manifest", "foo/referrers", "latest")]
    [InlineData("referrers/referrers/x", "Referrers", "referrers", "x")]
    public void Parse_Path_FindsResourceNameAndArgument(string path, string resource, string name, string argument)
    {
        var route = RegistryRoute.Parse(path);

        Assert.Equal(new RegistryRoute(Enum.Parse<RegistryResource>(resource), name, argument), route);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("foo/blobs/")]
    [InlineData("foo/other/thing")]
    [InlineData("foo/manifests/a/b")]
    [InlineData("foo/referrers/")]
    [InlineData("foo/referrers/sha256:abc/more")]
    public void Parse_UnknownShape_ReturnsNull(string path)
    {
        Assert.Null(RegistryRoute.Parse(path));
    }
}
