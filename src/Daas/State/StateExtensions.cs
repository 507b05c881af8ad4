namespace Daas.State;

/// <summary>Composes State: the SQLite database under DATA_DIR and its repositories.</summary>
internal static class StateExtensions
{
    /// <summary>Creates or migrates DATA_DIR/daas.db before anything else starts.</summary>
    public static async Task<IHostApplicationBuilder> AddStateAsync(this IHostApplicationBuilder builder, DaasOptions options, CancellationToken cancellationToken)
    {
        var database = new Database(System.IO.Path.Combine(options.DataDir, "daas.db"));
        try
        {
            await Migrator.MigrateAsync(database, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new StartupException($"cannot open the state database {database.Path} (DATA_DIR): {e.Message}", e);
        }
        builder.Services.AddSingleton(database);
        var instance = await InstanceId.LoadOrCreateAsync(database, cancellationToken);
        builder.Services.AddSingleton(instance);
        builder.Services.AddSingleton<AppRepository>();
        builder.Services.AddSingleton<ReleaseRepository>();
        return builder;
    }
}
