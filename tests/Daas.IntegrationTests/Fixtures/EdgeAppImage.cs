using System.Reflection;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Images of tests/EdgeApp, the real backend of the routing tests: `/` answers "edge-app VERSION",
/// and /slow, /ws, /sse, /upload and /headers exercise the edge. tests/EdgeApp/build-image.sh
/// publishes it Native AOT and builds a FROM-scratch base, both cached by a hash of its sources
/// (a warm run publishes nothing); each version is that base plus ENV VERSION. The base is made
/// once per test run, under a lock, however many tests ask at once.
/// </summary>
public static class EdgeAppImage
{
    private static readonly SemaphoreSlim BaseLock = new(1, 1);
    private static string? _base;

    private static string Script => Path.Combine(
        typeof(EdgeAppImage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "tests", "EdgeApp", "build-image.sh");

    /// <summary>Builds <paramref name="tag"/>: the EdgeApp answering with <paramref name="version"/>, listening on 8080 (EXPOSEd).</summary>
    public static async Task BuildAsync(string tag, string version)
    {
        var baseImage = await BaseAsync();
        var result = await Commands.RunAsync("docker", ["build", "-q", "-t", tag, "-"], stdin: $"FROM {baseImage}\nENV VERSION=\"{version}\"\n");
        Assert.True(result.ExitCode == 0, $"docker build of {tag} exited {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>The base image's tag, publishing and building it first when this run has not yet.</summary>
    public static async Task<string> BaseAsync()
    {
        await BaseLock.WaitAsync();
        try
        {
            if (_base is null)
            {
                // A cold Native AOT publish on a busy 2-core machine takes minutes, not seconds.
                var result = await Commands.RunAsync("bash", [Script, "--base"], timeout: TimeSpan.FromMinutes(15));
                Assert.True(result.ExitCode == 0, $"{Script} --base exited {result.ExitCode}:\n{result.Output}");
                _base = result.Stdout.Trim();
            }

            return _base;
        }
        finally
        {
            BaseLock.Release();
        }
    }
}
