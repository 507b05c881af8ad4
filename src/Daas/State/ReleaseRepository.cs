using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Daas.State;

/// <summary>
/// Rows of releases. Every change of what should run (a new desired release, the switch to a
/// healthy one, a failure) is one transaction that updates the release and the app's pointers
/// together, so a crash between two writes cannot leave them disagreeing.
/// </summary>
internal sealed class ReleaseRepository(Database database, AppRepository apps, TimeProvider time)
{
    private const string Columns = "id, app, number, digest, env, settings, trigger, source_number, status, reason, created_at, finished_at";

    /// <summary>
    /// In one transaction: creates the app if needed, asks <paramref name="decide"/> what the new
    /// release is given the app's desired release and its newest release in any state (each null
    /// when there is none), and when it returns one, records it as pending and makes it the app's
    /// desired release. Returns it, or null when <paramref name="decide"/> declined (nothing to do).
    /// </summary>
    public async Task<ReleaseRecord?> CreateDesiredAsync(string app, Func<ReleaseRecord?, ReleaseRecord?, NewRelease?> decide, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await apps.EnsureAsync(connection, app, cancellationToken);
        var record = (await AppRepository.GetAsync(connection, app, cancellationToken))!;
        var desired = record.DesiredReleaseId is { } id ? await GetAsync(connection, id, cancellationToken) : null;
        var newest = await QueryAsync(connection, "WHERE app = $arg", app, cancellationToken) is [var first, ..] ? first : null;
        if (decide(desired, newest) is not { } release)
        {
            return null;
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO releases (app, number, image, digest, config_hash, env, settings, trigger, source_number, status, reason, created_at)
            VALUES ($app, (SELECT COALESCE(MAX(number), 0) + 1 FROM releases WHERE app = $app), $app || '@' || $digest, $digest, '',
                    $env, $settings, $trigger, $source, 'pending', $reason, $now)
            RETURNING id
            """;
        insert.Parameters.AddWithValue("$app", app);
        insert.Parameters.AddWithValue("$digest", release.Digest);
        insert.Parameters.AddWithValue("$env", JsonSerializer.Serialize(release.Env, StateJsonContext.Default.SortedDictionaryStringString));
        insert.Parameters.AddWithValue("$settings", release.Settings is null ? DBNull.Value : JsonSerializer.Serialize(release.Settings, StateJsonContext.Default.ReleaseSettings));
        insert.Parameters.AddWithValue("$trigger", StateText.Of(release.Trigger));
        insert.Parameters.AddWithValue("$source", (object?)release.SourceNumber ?? DBNull.Value);
        insert.Parameters.AddWithValue("$reason", release.Reason);
        insert.Parameters.AddWithValue("$now", Now());
        var newId = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await ExecuteAsync(connection, "UPDATE apps SET desired_release_id = $id WHERE name = $app", cancellationToken, ("$id", newId), ("$app", app));
        await transaction.CommitAsync(cancellationToken);
        return await GetAsync(newId, cancellationToken);
    }

    /// <summary>Marks a release as starting (a deploy has begun it).</summary>
    public Task MarkStartingAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE releases SET status = 'starting' WHERE id = $id", cancellationToken, ("$id", id));

    /// <summary>Keeps what the image asked for with the release; set once, the first time it is read.</summary>
    public Task SetSettingsAsync(long id, ReleaseSettings settings, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE releases SET settings = $settings WHERE id = $id AND settings IS NULL", cancellationToken,
            ("$id", id), ("$settings", JsonSerializer.Serialize(settings, StateJsonContext.Default.ReleaseSettings)));

    /// <summary>
    /// Marks releases older than the app's desired one that never went live (pending, or starting
    /// when a crash cut their deploy short) as superseded: they will never start.
    /// </summary>
    public Task SupersedeOlderPendingAsync(string app, long desiredId, CancellationToken cancellationToken) =>
        UpdateAsync("""
            UPDATE releases SET status = 'superseded', reason = 'a newer release was asked for before it went live', finished_at = $now
            WHERE app = $app AND status IN ('pending', 'starting') AND id < $id
              AND id IS NOT (SELECT current_release_id FROM apps WHERE name = $app)
            """, cancellationToken, ("$app", app), ("$id", desiredId), ("$now", Now()));

    /// <summary>The app's newest release in any state, or null.</summary>
    public async Task<ReleaseRecord?> NewestAsync(string app, CancellationToken cancellationToken) =>
        await ListAsync(app, cancellationToken) is [var first, ..] ? first : null;

    /// <summary>In one transaction: the release is running and current, the previous current one replaced.</summary>
    public async Task SwitchAsync(string app, long id, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        await ExecuteAsync(connection, """
            UPDATE releases SET status = 'replaced', reason = 'replaced by release ' || (SELECT number FROM releases WHERE id = $id), finished_at = $now
            WHERE id = (SELECT current_release_id FROM apps WHERE name = $app) AND id <> $id
            """, cancellationToken, ("$id", id), ("$app", app), ("$now", now));
        await ExecuteAsync(connection, "UPDATE releases SET status = 'running', reason = $reason, finished_at = $now WHERE id = $id",
            cancellationToken, ("$id", id), ("$reason", reason), ("$now", now));
        await ExecuteAsync(connection, "UPDATE apps SET current_release_id = $id WHERE name = $app", cancellationToken, ("$id", id), ("$app", app));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// In one transaction: the release failed, and if it was the app's desired release the app
    /// goes back to wanting its current one (which kept serving), so a failure is not retried in a loop.
    /// </summary>
    public async Task FailAsync(string app, long id, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE releases SET status = 'failed', reason = $reason, finished_at = $now WHERE id = $id",
            cancellationToken, ("$id", id), ("$reason", reason), ("$now", Now()));
        await ExecuteAsync(connection, "UPDATE apps SET desired_release_id = current_release_id WHERE name = $app AND desired_release_id = $id",
            cancellationToken, ("$id", id), ("$app", app));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ReleaseRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, id, cancellationToken);
    }

    /// <summary>Every app's current release, by app name, in one query (the route table reads them all on each refresh).</summary>
    public async Task<IReadOnlyDictionary<string, ReleaseRecord>> ListCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await QueryAsync(connection, "WHERE id IN (SELECT current_release_id FROM apps WHERE current_release_id IS NOT NULL)", null, cancellationToken);
        return current.ToDictionary(r => r.App, StringComparer.Ordinal);
    }

    /// <summary>The app's releases, newest first.</summary>
    public async Task<IReadOnlyList<ReleaseRecord>> ListAsync(string app, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, "WHERE app = $arg", app, cancellationToken);
    }

    /// <summary>
    /// Releases that ran or may still run (pending, starting, running, replaced), at most
    /// <paramref name="perApp"/> of each app, newest first; of one app, or of all when <paramref name="app"/> is null.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseRecord>> ListRecentAsync(int perApp, string? app, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var live = "status IN ('pending', 'starting', 'running', 'replaced')";
        var all = await QueryAsync(connection, app is null ? $"WHERE {live}" : $"WHERE app = $arg AND {live}", app, cancellationToken);
        return all.GroupBy(r => r.App).SelectMany(g => g.Take(perApp)).ToList();
    }

    private static async Task<ReleaseRecord?> GetAsync(SqliteConnection connection, long id, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, "WHERE id = $arg", id, cancellationToken)).SingleOrDefault();

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private async Task UpdateAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, sql, cancellationToken, parameters);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<ReleaseRecord>> QueryAsync(SqliteConnection connection, string where, object? argument, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM releases {where} ORDER BY app, id DESC";
        if (argument is not null)
        {
            command.Parameters.AddWithValue("$arg", argument);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var releases = new List<ReleaseRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            releases.Add(new ReleaseRecord
            {
                Id = reader.GetInt64(0),
                App = reader.GetString(1),
                Number = reader.GetInt32(2),
                Digest = reader.GetString(3),
                Env = JsonSerializer.Deserialize(reader.GetString(4), StateJsonContext.Default.SortedDictionaryStringString) ?? new(StringComparer.Ordinal),
                Settings = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize(reader.GetString(5), StateJsonContext.Default.ReleaseSettings),
                Trigger = StateText.Parse<ReleaseTrigger>(reader.GetString(6)),
                SourceNumber = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                State = StateText.Parse<ReleaseState>(reader.GetString(8)),
                Reason = reader.IsDBNull(9) ? null : reader.GetString(9),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture),
                FinishedAt = reader.IsDBNull(11) ? null : DateTimeOffset.Parse(reader.GetString(11), CultureInfo.InvariantCulture),
            });
        }

        return releases;
    }
}
