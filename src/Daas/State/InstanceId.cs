using System.Security.Cryptography;

namespace Daas.State;

/// <summary>
/// A random id made at the first start and kept in SQLite. DaaS labels its containers with it,
/// so two DaaS instances on one Docker engine never touch each other's containers.
/// </summary>
internal sealed record InstanceId(string Value)
{
    public static async Task<InstanceId> LoadOrCreateAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT OR IGNORE INTO settings (key, value) VALUES ('instance_id', $id)";
            insert.Parameters.AddWithValue("$id", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM settings WHERE key = 'instance_id'";
        return new InstanceId((string)(await select.ExecuteScalarAsync(cancellationToken))!);
    }
}
