using System.Globalization;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Builds test images FROM scratch with the host's static busybox (no registry can be reached
/// here): busybox httpd answers / with the image's version, /cgi-bin/env with its env and
/// /cgi-bin/notes with the lines kept in /data/notes (?text appends one) and /cgi-bin/log writes
/// its query string to the container's log.
/// </summary>
public static class TestImages
{
    /// <summary>The tagged base every test app is built FROM (Assets/busybox-base).</summary>
    public const string BaseImage = "daas-test-busybox:1";

    private static readonly string Assets = Path.Combine(AppContext.BaseDirectory, "Assets", "busybox-app");
    private static readonly SemaphoreSlim BaseBuilt = new(1, 1);
    private static bool _baseReady;

    /// <summary>
    /// Builds <paramref name="tag"/>; it listens on <paramref name="listenPort"/> and EXPOSEs
    /// <paramref name="expose"/> if given. A <paramref name="command"/> replaces httpd (e.g. to crash).
    /// </summary>
    public static Task BuildAsync(string tag, string version, int listenPort = 8080, int? expose = null, string? command = null) =>
        BuildAsync(tag, version, new ImageOptions { ListenPort = listenPort, Expose = expose, Command = command });

    /// <summary>Builds <paramref name="tag"/> serving <paramref name="version"/> at /, shaped by <paramref name="options"/>.</summary>
    public static async Task BuildAsync(string tag, string version, ImageOptions options)
    {
        await EnsureBaseAsync();
        var context = Directory.CreateTempSubdirectory("daas-image-").FullName;
        try
        {
            CopyDirectory(Assets, context);
            await File.WriteAllTextAsync(Path.Combine(context, "www", "index.html"), version + "\n");
            var extra = new List<string>();
            if (options.Expose is { } expose)
            {
                extra.Add($"EXPOSE {expose}");
            }

            extra.AddRange(options.Volumes.Select(path => $"VOLUME {path}"));
            extra.AddRange(options.Labels.Select(label => $"LABEL \"{label.Key}\"=\"{label.Value}\""));
            if (options.Healthcheck is { } healthcheck)
            {
                extra.Add($"HEALTHCHECK --interval=1s --timeout=1s --retries=3 CMD {healthcheck}");
            }

            var dockerfile = Path.Combine(context, "Dockerfile");
            var text = (await File.ReadAllTextAsync(dockerfile))
                .Replace("{{EXTRA}}", string.Join('\n', extra), StringComparison.Ordinal)
                .Replace("{{PORT}}", options.ListenPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            if (options.Command is not null)
            {
                text = text[..text.IndexOf("CMD ", StringComparison.Ordinal)] + $"CMD {options.Command}\n";
            }

            await File.WriteAllTextAsync(dockerfile, text);
            await Commands.RunCheckedAsync("docker", ["build", "-q", "-t", tag, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>Builds the shared base once per test run (from cache after the first run on a machine).</summary>
    private static async Task EnsureBaseAsync()
    {
        await BaseBuilt.WaitAsync();
        try
        {
            if (_baseReady)
            {
                return;
            }

            var context = Directory.CreateTempSubdirectory("daas-image-base-").FullName;
            try
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Assets", "busybox-base", "Dockerfile"), Path.Combine(context, "Dockerfile"));
                File.Copy(BusyboxPath(), Path.Combine(context, "busybox"));
                await Commands.RunCheckedAsync("docker", ["build", "-q", "-t", BaseImage, context]);
                _baseReady = true;
            }
            finally
            {
                Directory.Delete(context, recursive: true);
            }
        }
        finally
        {
            BaseBuilt.Release();
        }
    }

    private static string BusyboxPath()
    {
        const string path = "/bin/busybox";
        Assert.True(File.Exists(path), "busybox-static is not installed (apt-get install busybox-static); scripts/setup.sh installs it");
        return path;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, destination, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = file.Replace(source, destination, StringComparison.Ordinal);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
