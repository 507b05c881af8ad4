using Daas.State;
using Daas.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Daas.Tests.State;

public sealed class RepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Database _database;
    private readonly AppRepository _apps;
    private readonly ReleaseRepository _releases;

    public RepositoryTests()
    {
        _database = new Database(Path.Combine(_dir.Path, "daas.db"));
        _apps = new AppRepository(_database, TimeProvider.System);
        _releases = new ReleaseRepository(_database, _apps, TimeProvider.System);
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
    public async Task CreateDesired_TwoPushes_NumbersThemPerAppAndPointsDesiredAtTheNewest()
    {
        // Arrange
        await Migrator.MigrateAsync(_database, CancellationToken.None);

        // Act
        var one = await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:1"), CancellationToken.None);
        var two = await _releases.CreateDesiredAsync("web", (desired, _) => Push("sha256:2", desired!.Env), CancellationToken.None);
        var other = await _releases.CreateDesiredAsync("api", (_, _) => Push("sha256:9"), CancellationToken.None);
        var declined = await _releases.CreateDesiredAsync("web", (_, _) => null, CancellationToken.None);

        // Assert
        Assert.Equal((1, 2, 1), (one!.Number, two!.Number, other!.Number));
        Assert.Null(declined);
        var web = (await _apps.GetAsync("web", CancellationToken.None))!;
        Assert.Equal((two.Id, (long?)null, true), (web.DesiredReleaseId!.Value, web.CurrentReleaseId, web.HasPendingRelease));
        Assert.Equal(ReleaseState.Pending, two.State);
        Assert.Equal("1", two.Env["A"]);
    }

    [Fact]
    public async Task SwitchAndFail_MoveTheAppsPointersWithTheReleaseStates()
    {
        // Arrange: release 1 live, then 2 live, then 3 fails
        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var one = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:1"), CancellationToken.None))!;
        await _releases.SwitchAsync("web", one.Id, "ok", CancellationToken.None);
        var two = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:2"), CancellationToken.None))!;
        await _releases.SwitchAsync("web", two.Id, "ok", CancellationToken.None);
        var three = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:3"), CancellationToken.None))!;

        // Act
        await _releases.FailAsync("web", three.Id, "boom", CancellationToken.None);

        // Assert
        var web = (await _apps.GetAsync("web", CancellationToken.None))!;
        Assert.Equal((two.Id, two.Id), (web.CurrentReleaseId!.Value, web.DesiredReleaseId!.Value));
        var states = (await _releases.ListAsync("web", CancellationToken.None)).Select(r => (r.Number, r.State, r.Reason)).ToList();
        Assert.Equal([(3, ReleaseState.Failed, "boom"), (2, ReleaseState.Running, "ok"), (1, ReleaseState.Replaced, "replaced by release 2")], states);
    }

    [Fact]
    public async Task SupersedeOlderPending_LeavesTheDesiredReleaseAndFinishedOnesAlone()
    {
        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var one = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:1"), CancellationToken.None))!;
        await _releases.SwitchAsync("web", one.Id, "ok", CancellationToken.None);
        await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:2"), CancellationToken.None);
        var three = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:3"), CancellationToken.None))!;

        await _releases.SupersedeOlderPendingAsync("web", three.Id, CancellationToken.None);

        var states = (await _releases.ListAsync("web", CancellationToken.None)).Select(r => r.State).ToList();
        Assert.Equal([ReleaseState.Pending, ReleaseState.Superseded, ReleaseState.Running], states);
    }

    [Fact]
    public async Task SetSettings_Twice_KeepsTheFirst()
    {
        await Migrator.MigrateAsync(_database, CancellationToken.None);
        var one = (await _releases.CreateDesiredAsync("web", (_, _) => Push("sha256:1"), CancellationToken.None))!;

        await _releases.SetSettingsAsync(one.Id, new ReleaseSettings { Port = 5000, Volumes = ["/data"], Strategy = DeployStrategy.StopFirst }, CancellationToken.None);
        await _releases.SetSettingsAsync(one.Id, new ReleaseSettings { Port = 9 }, CancellationToken.None);

        var settings = (await _releases.GetAsync(one.Id, CancellationToken.None))!.Settings!;
        Assert.Equal((5000, DeployStrategy.StopFirst, "/data"), (settings.Port, settings.Strategy, settings.Volumes.Single()));
    }

    [Fact]
    public async Task Migrate_FromTheFirstSchema_KeepsReleasesAndMovesEnvIntoThem()
    {
        // Arrange: a database at schema 1 with an app, two releases (one cut short at "starting") and env vars
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = ReadFirstMigration() + """
                PRAGMA user_version = 1;
                INSERT INTO apps (name, current_release_id, created_at) VALUES ('web', 1, '2026-11-01T00:00:00+00:00');
                INSERT INTO releases (app, image, digest, config_hash, status, created_at) VALUES ('web', 'i', 'sha256:1', 'h', 'running', '2026-11-01T00:00:00+00:00');
                INSERT INTO releases (app, image, digest, config_hash, status, created_at) VALUES ('web', 'i', 'sha256:2', 'h', 'starting', '2026-11-02T00:00:00+00:00');
                INSERT INTO env_vars (app, key, value) VALUES ('web', 'GREETING', 'hi');
                """;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();

        // Act
        await Migrator.MigrateAsync(_database, CancellationToken.None);

        // Assert
        var web = (await _apps.GetAsync("web", CancellationToken.None))!;
        Assert.Equal((1L, 1L, AppRunState.Running), (web.CurrentReleaseId!.Value, web.DesiredReleaseId!.Value, web.RunState));
        var releases = await _releases.ListAsync("web", CancellationToken.None);
        Assert.Equal([(2, ReleaseState.Failed), (1, ReleaseState.Running)], releases.Select(r => (r.Number, r.State)));
        Assert.Equal("hi", releases[1].Env["GREETING"]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private static NewRelease Push(string digest, SortedDictionary<string, string>? env = null) =>
        new(digest, env ?? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["A"] = "1" }, null, ReleaseTrigger.Push, "pushed");

    private static string ReadFirstMigration()
    {
        var assembly = typeof(Migrator).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("0001_initial.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
