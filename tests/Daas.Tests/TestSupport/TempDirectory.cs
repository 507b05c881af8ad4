namespace Daas.Tests.TestSupport;

/// <summary>A directory of its own for one test, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("daas-unit-").FullName;

    /// <summary>Every file below the directory, relative, in order: what a test left behind.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
