using System.Net;
using System.Net.Sockets;
using Daas.Metrics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace Daas.Hosting;

/// <summary>Composes the process around the parts: settings, DATA_DIR, Kestrel's listener, and auth (Basic, and the UI's session cookie).</summary>
internal static class HostingExtensions
{
    /// <summary>
    /// Reads the settings, prepares DATA_DIR and the password, and configures Kestrel and auth.
    /// Returns the final settings (with the password filled in).
    /// </summary>
    public static async Task<DaasOptions> AddHostingAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        // First, before any file exists: everything the process creates from here on is private.
        DataDirPermissions.RestrictNewFiles();
        var options = DaasOptions.FromConfiguration(builder.Configuration);
        EnsureDataDir(options.DataDir, Console.Out);
        EnsurePortFree(options.HttpPort, "HTTP_PORT");
        EnsurePortFree(options.HttpsPort, "HTTPS_PORT");
        options = await PasswordFile.EnsurePasswordAsync(options, Console.Out, cancellationToken);

        if (options.JsonLogs)
        {
            // docker logs (and log shippers) get one JSON object per line.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HostClassifier>();
        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.Services.AddSingleton<EngineCredentials>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // image layers are as large as they are
            // Larger buffers than Kestrel's 1 MiB / 64 KiB: layers stream in and out with fewer
            // back-pressure stalls (measured in bench/registry.sh).
            kestrel.Limits.MaxRequestBufferSize = 4 << 20;
            kestrel.Limits.MaxResponseBufferSize = 4 << 20;
            kestrel.ListenAnyIP(options.HttpPort, listen => kestrel.ApplicationServices.GetRequiredService<ClientConnections>().Http.Count(listen));
        });
        builder.Services.AddSingleton<CredentialCheck>();
        builder.Services.AddSingleton<SignedInSessions>();
        // The session cookie and antiforgery tokens are sealed with these keys; kept in DATA_DIR
        // (0700/0600 by the umask) under a fixed name, so sign-ins and open forms survive restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("daas")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDir, "keys")));
        // No default scheme: only endpoints that require authorization read credentials, so an
        // app's own Basic auth, proxied through, never counts as a failed login to DaaS.
        // (ASP.NET Core makes a lone scheme the default for every request unless this switch is on.)
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddAuthentication(auth => auth.DefaultChallengeScheme = BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddCookie(AuthNames.CookieScheme, SessionCookie.Configure)
            .AddPolicyScheme(AuthNames.BasicOrCookieScheme, null, policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                    ? BasicAuthenticationHandler.SchemeName
                    : AuthNames.CookieScheme);
        builder.Services.AddAuthorization(authorization =>
        {
            authorization.DefaultPolicy = new AuthorizationPolicyBuilder(AuthNames.BasicOrCookieScheme).RequireAuthenticatedUser().Build();
            authorization.AddPolicy(AuthNames.RegistryPolicy, new AuthorizationPolicyBuilder(BasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        });
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
            throw new StartupException($"cannot listen on HTTP_PORT {options.HttpPort} or HTTPS_PORT {options.HttpsPort}: {e.GetBaseException().Message}", e);
        }

        // Start-up's garbage (configuration, DI, migrations, route tables) would otherwise sit in
        // the heap until some later collection: free it and return the pages to the OS once.
        // Measured: idle RSS 54 -> 46 MiB (bench/README.md).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// Fails early, with one line, when the port is taken; Kestrel would say so only after
    /// logging a stack trace. The catch in <see cref="StartListeningAsync"/> covers the rare race.
    /// </summary>
    private static void EnsurePortFree(int port, string setting)
    {
        var listener = Socket.OSSupportsIPv6 ? new TcpListener(IPAddress.IPv6Any, port) : new TcpListener(IPAddress.Any, port);
        if (Socket.OSSupportsIPv6)
        {
            listener.Server.DualMode = true;
        }

        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new StartupException($"cannot listen on {setting} {port}: {e.Message}", e);
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }
    }

    /// <summary>
    /// Creates DATA_DIR 0700 and checks it is writable, then corrects an install made while DaaS
    /// still wrote 0644 files: before State opens daas.db, so its secrets are closed off first.
    /// </summary>
    private static void EnsureDataDir(string dataDir, TextWriter console)
    {
        try
        {
            DataDirPermissions.CreateDataDir(dataDir);
            var probe = Path.Combine(dataDir, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DATA_DIR {dataDir} is not a writable directory: {e.Message}", e);
        }

        try
        {
            if (DataDirPermissions.Correct(dataDir) is var changed and > 0)
            {
                console.WriteLine($"DaaS made {changed} entries in DATA_DIR {dataDir} private (directories 0700, files 0600).");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot make DATA_DIR {dataDir} private (directories 0700, files 0600): {e.Message}", e);
        }
    }
}
