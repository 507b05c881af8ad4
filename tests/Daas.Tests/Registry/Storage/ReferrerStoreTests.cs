using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class ReferrerStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly RegistryPaths _paths;
    private readonly ReferrerStore _referrers;

    public ReferrerStoreTests()
    {
        _paths = new RegistryPaths(_root.Path);
        _referrers = new ReferrerStore(_paths);
    }

    [Fact]
    public async Task List_AfterLinksAndUnlink_ReturnsRemainingInLexicalOrder()
    {
        // Arrange
        var subject = Digest.Sha256("subject"u8);
        var referrers = new[] { "x"u8.ToArray(), "y"u8.ToArray(), "z"u8.ToArray() }.Select(b => Digest.Sha256(b)).ToList();
        foreach (var referrer in referrers)
        {
            await _referrers.LinkAsync("app", subject, referrer, CancellationToken.None);
        }

        // Act
        var unlinked = _referrers.Unlink("app", subject, referrers[1]);

        // Assert
        Assert.True(unlinked);
        Assert.Equal(referrers.Where((_, i) => i != 1).OrderBy(d => d.ToString(), StringComparer.Ordinal), _referrers.List("app", subject));
    }

    [Fact]
    public void List_DirectoryWithoutLinkOrWithBadName_IsSkipped()
    {
        var subject = Digest.Sha256("subject"u8);
        var orphan = Digest.Sha256("orphan"u8);
        Directory.CreateDirectory(Path.GetDirectoryName(_paths.ReferrerLink("app", subject, orphan))!);
        Directory.CreateDirectory(Path.Combine(_paths.Referrers("app", subject), "md5", "abc"));

        Assert.Empty(_referrers.List("app", subject));
    }

    public void Dispose() => _root.Dispose();
}
