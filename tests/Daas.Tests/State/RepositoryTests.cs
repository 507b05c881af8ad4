using Daas.State;
using Daas.Tests.TestSupport;

namespace Daas.Tests.State;

public sealed class RepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Database _database;

    public RepositoryTests()
    {
        _database = new Database(Path.Combine(_dir.Path, "daas.db"));
    }

    [Fact]
    public async Task Migrate_Twice_IsIdempotentAndKeepsInstanceId()
    {
        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var first = await InstanceId.LoadOrCreateAsync(_database, CancellationToken.None);

        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var second = await InstanceId.LoadOrCreateAsync(_database, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Matches("^[a-f0-9]{12}$", first.Value);
    }

    [Fact]
    public async Task Apps_EnsureReleaseAndEnv_RoundTrip()
    {
        // Arrange
        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var apps = new AppRepository(_database, TimeProvider.System);
        var releases = new ReleaseRepository(_database, TimeProvider.System);

        // Act
        await apps.EnsureAsync("web", CancellationToken.None);
        await apps.EnsureAsync("web", CancellationToken.None);
        var id = await releases.CreateAsync("web", "img", "sha256:1", "h", CancellationToken.None);
        await releases.SetStatusAsync(id, ReleaseStatus.Failed, "boom", CancellationToken.None);
        await apps.SetCurrentReleaseAsync("web", id, CancellationToken.None);
        await apps.SetEnvAsync("web", new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" }, CancellationToken.None);
        await apps.SetEnvAsync("web", new Dictionary<string, string> { ["C"] = "3" }, CancellationToken.None);

        // Assert
        var app = Assert.Single(await apps.ListAsync(CancellationToken.None));
        Assert.Equal(id, app.CurrentReleaseId);
        var release = (await releases.GetAsync(id, CancellationToken.None))!;
        Assert.Equal((ReleaseStatus.Failed, "boom"), (release.Status, release.Reason));
        Assert.Equal(["C"], (await apps.GetEnvAsync("web", CancellationToken.None)).Keys);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
