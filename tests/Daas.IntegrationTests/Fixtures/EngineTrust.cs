namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Makes the Docker engine (and skopeo, through <see cref="Directory"/>) trust a CA for one registry
/// address, as a user does for a private CA: /etc/docker/certs.d/&lt;host:port&gt;/ca.crt, and
/// resolves the registry's name to 127.0.0.1 in /etc/hosts. Both are undone on dispose.
/// </summary>
public sealed class EngineTrust : IDisposable
{
    private const string HostsFile = "/etc/hosts";
    private static readonly SemaphoreSlim HostsLock = new(1, 1);
    private readonly string? _hostsLine;

    private EngineTrust(string directory, string? hostsLine)
    {
        Directory = directory;
        _hostsLine = hostsLine;
    }

    /// <summary>The certs.d directory of the registry: what skopeo's --cert-dir takes.</summary>
    public string Directory { get; }

    public static async Task<EngineTrust> AddAsync(string registry, string caPem, string hostName)
    {
        var directory = Path.Combine("/etc/docker/certs.d", registry);
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.crt"), caPem);
        var line = $"127.0.0.1 {hostName} # daas-test";
        await HostsLock.WaitAsync();
        try
        {
            var lines = await File.ReadAllLinesAsync(HostsFile);
            if (lines.Contains(line))
            {
                return new EngineTrust(directory, null);
            }

            await File.AppendAllTextAsync(HostsFile, line + "\n");
        }
        finally
        {
            HostsLock.Release();
        }

        // dockerd (Go) keeps /etc/hosts for 5 s before it looks at the file again: a lookup sooner
        // would miss the new name and ask the machine's DNS server instead (traffic off loopback).
        await Task.Delay(TimeSpan.FromSeconds(6));
        return new EngineTrust(directory, line);
    }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        if (_hostsLine is null)
        {
            return;
        }

        HostsLock.Wait();
        try
        {
            // Rewritten in place: /etc/hosts may be a bind mount that a rename would not replace.
            // (Each run adds a name of its own, so no other run depends on the line removed here.)
            var kept = File.ReadAllLines(HostsFile).Where(l => l != _hostsLine);
            File.WriteAllText(HostsFile, string.Join('\n', kept) + "\n");
        }
        finally
        {
            HostsLock.Release();
        }
    }
}
