using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Daas.State;

/// <summary>Rows of apps: which release should run, which one does, whether the app should run at all, and with how many replicas.</summary>
internal sealed class AppRepository(Database database, TimeProvider time)
{
    private const string Columns = "name, current_release_id, desired_release_id, run_state, created_at, replicas";

    /// <summary>Creates the app if it does not exist yet, inside the caller's transaction.</summary>
    public async Task EnsureAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO apps (name, created_at) VALUES ($name, $now)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AppRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, name, cancellationToken);
    }

    public static async Task<AppRecord?> GetAsync(SqliteConnection connection, string name, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, "WHERE name = $name", name, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, "", null, cancellationToken);
    }

    /// <summary>Sets whether the app should run; false when there is no such app.</summary>
    public async Task<bool> SetRunStateAsync(string name, AppRunState state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE apps SET run_state = $state WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$state", StateText.Of(state));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Sets the replicas the app runs (null: its image's label); false when there is no such app.</summary>
    public async Task<bool> SetReplicasAsync(string name, int? replicas, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE apps SET replicas = $replicas WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$replicas", replicas is { } n ? n : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Removes the app and its releases; false when there was no such app.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM apps WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<IReadOnlyList<AppRecord>> QueryAsync(SqliteConnection connection, string where, string? name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM apps {where} ORDER BY name";
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
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                StateText.Parse<AppRunState>(reader.GetString(3)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture))
            {
                Replicas = reader.IsDBNull(5) ? null : reader.GetInt32(5),
            });
        }

        return apps;
    }
}
