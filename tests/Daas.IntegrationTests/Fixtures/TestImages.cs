using System.Globalization;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Builds test images FROM scratch with the host's static busybox (no registry can be reached
/// here): busybox httpd answers / with the image's version and /cgi-bin/env with its env.
/// </summary>
public static class TestImages
{
    private static readonly string Assets = Path.Combine(AppContext.BaseDirectory, "Assets", "busybox-app");

    /// <summary>
    /// Builds <paramref name="tag"/>; it listens on <paramref name="listenPort"/> and EXPOSEs
    /// <paramref name="expose"/> if given. A <paramref name="command"/> replaces httpd (e.g. to crash).
    /// </summary>
    public static async Task BuildAsync(string tag, string version, int listenPort = 8080, int? expose = null, string? command = null)
    {
        var context = Directory.CreateTempSubdirectory("daas-image-").FullName;
        try
        {
            CopyDirectory(Assets, context);
            File.Copy(BusyboxPath(), Path.Combine(context, "busybox"));
            await File.WriteAllTextAsync(Path.Combine(context, "www", "index.html"), version + "\n");
            var dockerfile = Path.Combine(context, "Dockerfile");
            var text = (await File.ReadAllTextAsync(dockerfile))
                .Replace("{{EXPOSE}}", expose is null ? "" : $"EXPOSE {expose}", StringComparison.Ordinal)
                .Replace("{{PORT}}", listenPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            if (command is not null)
            {
                text = text[..text.IndexOf("CMD ", StringComparison.Ordinal)] + $"CMD {command}\n";
            }

            await File.WriteAllTextAsync(dockerfile, text);
            await Commands.RunCheckedAsync("docker", ["build", "-q", "-t", tag, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
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
