using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Tests.Registry.Storage;

public sealed class RegistryPathsTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly Digest Digest = new("sha256", Hex);
    private static readonly string OtherHex = new('e', 128);
    private static readonly Digest Other = new("sha512", OtherHex);
    private static readonly RegistryPaths Paths = new("/r");

    public static TheoryData<string, string> Cases => new()
    {
        { Paths.Blobs, "/r/blobs" },
        { Paths.Blob(Digest), $"/r/blobs/sha256/01/{Hex}/data" },
        { Paths.Layers("team/api"), "/r/repositories/team/api/_layers" },
        { Paths.ManifestRevisions("app"), "/r/repositories/app/_manifests/revisions" },
        { Paths.LayerLink("team/api", Digest), $"/r/repositories/team/api/_layers/sha256/{Hex}/link" },
        { Paths.ManifestRevisionLink("app", Digest), $"/r/repositories/app/_manifests/revisions/sha256/{Hex}/link" },
        { Paths.ManifestMediaType("app", Digest), $"/r/repositories/app/_manifests/revisions/sha256/{Hex}/mediatype" },
        { Paths.TagLink("app", "v1"), "/r/repositories/app/_manifests/tags/v1/current/link" },
        { Paths.Manifests("team/api"), "/r/repositories/team/api/_manifests" },
        { Paths.Referrers("app", Digest), $"/r/repositories/app/_manifests/referrers/sha256/{Hex}" },
        { Paths.ReferrerLink("app", Digest, Other), $"/r/repositories/app/_manifests/referrers/sha256/{Hex}/sha512/{OtherHex}/link" },
        { Paths.UploadData("app", "abc"), "/r/repositories/app/_uploads/abc/data" },
        { Paths.UploadStartedAt("app", "abc"), "/r/repositories/app/_uploads/abc/startedat" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Path_ForEachKind_MatchesDocumentedLayout(string actual, string expected)
    {
        Assert.Equal(expected, actual);
    }
}
