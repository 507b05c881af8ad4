using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Daas.State;

/// <summary>Rows of apps and their env vars.</summary>
internal sealed class AppRepository(Database database, TimeProvider time)
{
    /// <summary>Creates the app if it does not exist yet.</summary>
    public async Task EnsureAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO apps (name, created_at) VALUES ($name, $now)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AppRecord?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE name = $name", name, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken) => QueryAsync("", null, cancellationToken);

    public async Task SetCurrentReleaseAsync(string name, long releaseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE apps SET current_release_id = $release WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$release", releaseId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The app's env vars, ordered by key.</summary>
    public async Task<SortedDictionary<string, string>> GetEnvAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM env_vars WHERE app = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            env[reader.GetString(0)] = reader.GetString(1);
        }

        return env;
    }

    /// <summary>Replaces all of the app's env vars in one transaction.</summary>
    public async Task SetEnvAsync(string name, IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM env_vars WHERE app = $name";
            delete.Parameters.AddWithValue("$name", name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, value) in env)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO env_vars (app, key, value) VALUES ($name, $key, $value)";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$value", value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<AppRecord>> QueryAsync(string where, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, current_release_id, created_at FROM apps {where} ORDER BY name";
        if (name is not null)
        {
            command.Parameters.AddWithValue("$name", name);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var apps = new List<AppRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            apps.Add(new AppRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }

        return apps;
    }
}
