using Daas.Registry.Api;
using Daas.Registry.Storage;

namespace Daas.Registry;

/// <summary>Composes the registry: storage under DATA_DIR/registry and the /v2/ endpoints.</summary>
internal static class RegistryExtensions
{
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder builder, DaasOptions options)
    {
        builder.Services.AddSingleton(new RegistryPaths(Path.Combine(options.DataDir, "registry")));
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddSingleton<UploadHashes>();
        builder.Services.AddSingleton<UploadStore>();
        builder.Services.AddSingleton<UploadPurger>();
        builder.Services.AddSingleton<RegistryLock>();
        builder.Services.AddSingleton<GarbageCollector>();
        builder.Services.AddSingleton<StorageUsage>();
        builder.Services.AddHostedService<GarbageCollectionService>();
        builder.Services.AddHostedService<UploadPurgeService>();
        builder.Services.AddSingleton<ReferrerStore>();
        builder.Services.AddSingleton<ManifestStore>();
        builder.Services.AddSingleton<RepositoryEraser>();
        builder.Services.AddSingleton<RegistryServices>();
        return builder;
    }
}
