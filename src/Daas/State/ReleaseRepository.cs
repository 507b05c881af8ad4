using System.Globalization;

namespace Daas.State;

/// <summary>Rows of releases: every deploy attempt, its outcome and, on failure, why.</summary>
internal sealed class ReleaseRepository(Database database, TimeProvider time)
{
    public async Task<long> CreateAsync(string app, string image, string digest, string configHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO releases (app, image, digest, config_hash, status, created_at)
            VALUES ($app, $image, $digest, $hash, $status, $now) RETURNING id
            """;
        command.Parameters.AddWithValue("$app", app);
        command.Parameters.AddWithValue("$image", image);
        command.Parameters.AddWithValue("$digest", digest);
        command.Parameters.AddWithValue("$hash", configHash);
        command.Parameters.AddWithValue("$status", ReleaseStatus.Starting);
        command.Parameters.AddWithValue("$now", Now());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SetStatusAsync(long id, string status, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE releases SET status = $status, reason = $reason, finished_at = $now WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ReleaseRecord?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $arg", id, cancellationToken)).SingleOrDefault();

    /// <summary>The app's releases, newest first.</summary>
    public Task<IReadOnlyList<ReleaseRecord>> ListAsync(string app, CancellationToken cancellationToken) =>
        QueryAsync("WHERE app = $arg", app, cancellationToken);

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<ReleaseRecord>> QueryAsync(string where, object argument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, app, image, digest, config_hash, status, reason, created_at, finished_at FROM releases {where} ORDER BY id DESC";
        command.Parameters.AddWithValue("$arg", argument);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var releases = new List<ReleaseRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            releases.Add(new ReleaseRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                reader.IsDBNull(8) ? null : DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture)));
        }

        return releases;
    }
}
