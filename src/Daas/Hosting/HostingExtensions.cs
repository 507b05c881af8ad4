using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Daas.Hosting;

/// <summary>Composes the process around the parts: settings, DATA_DIR, Kestrel's listener and Basic auth.</summary>
internal static class HostingExtensions
{
    /// <summary>
    /// Reads the settings, prepares DATA_DIR and the password, and configures Kestrel and auth.
    /// Returns the final settings (with the password filled in).
    /// </summary>
    public static async Task<DaasOptions> AddHostingAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var options = DaasOptions.FromConfiguration(builder.Configuration);
        EnsureDataDir(options.DataDir);
        options = await PasswordFile.EnsurePasswordAsync(options, Console.Out, cancellationToken);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HostClassifier>();
        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // image layers are as large as they are
            kestrel.ListenAnyIP(options.HttpPort);
        });
        builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDir, "keys")));
        return options;
    }

    /// <summary>Starts listening; a port already taken becomes one clear start-up error.</summary>
    public static async Task StartListeningAsync(this WebApplication app, DaasOptions options)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            throw new StartupException($"cannot listen on HTTP_PORT {options.HttpPort}: {e.GetBaseException().Message}", e);
        }
    }

    private static void EnsureDataDir(string dataDir)
    {
        try
        {
            Directory.CreateDirectory(dataDir);
            var probe = Path.Combine(dataDir, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DATA_DIR {dataDir} is not a writable directory: {e.Message}", e);
        }
    }
}
