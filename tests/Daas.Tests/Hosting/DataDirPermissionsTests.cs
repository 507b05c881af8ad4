using Daas.Hosting;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Hosting;

public sealed class DataDirPermissionsTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;
    private const UnixFileMode Open = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenDirectory = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public void Correct_OpenTree_MakesEveryDirectory0700AndEveryFile0600()
    {
        // Arrange
        using var dir = new TempDirectory();
        var nested = Directory.CreateDirectory(Path.Combine(dir.Path, "registry", "blobs"), OpenDirectory).FullName;
        File.SetUnixFileMode(Path.Combine(dir.Path, "registry"), OpenDirectory);
        File.WriteAllText(Path.Combine(dir.Path, "daas.db"), "secrets");
        File.SetUnixFileMode(Path.Combine(dir.Path, "daas.db"), Open);
        File.WriteAllText(Path.Combine(nested, "data"), "layer");
        File.SetUnixFileMode(Path.Combine(nested, "data"), Open | UnixFileMode.UserExecute);
        File.SetUnixFileMode(dir.Path, OpenDirectory);

        // Act
        var changed = DataDirPermissions.Correct(dir.Path);

        // Assert
        Assert.Equal(5, changed);
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(dir.Path));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(dir.Path, "registry")));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(nested));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(dir.Path, "daas.db")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(nested, "data")));
    }

    [Fact]
    public void Correct_AlreadyPrivate_ChangesNothing()
    {
        // Arrange
        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, PrivateDirectory);
        Directory.CreateDirectory(Path.Combine(dir.Path, "sub"), PrivateDirectory);
        File.WriteAllText(Path.Combine(dir.Path, "sub", "file"), "x");
        File.SetUnixFileMode(Path.Combine(dir.Path, "sub", "file"), Private);

        // Act
        var first = DataDirPermissions.Correct(dir.Path);
        var second = DataDirPermissions.Correct(dir.Path);

        // Assert
        Assert.Equal(0, first);
        Assert.Equal(0, second);
    }

    [Fact]
    public void Correct_SymbolicLinks_LeavesTheirTargetsAlone()
    {
        // Arrange
        using var dir = new TempDirectory();
        using var outside = new TempDirectory();
        var target = Path.Combine(outside.Path, "shared.txt");
        File.WriteAllText(target, "not ours");
        File.SetUnixFileMode(target, Open);
        File.SetUnixFileMode(outside.Path, OpenDirectory);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "file-link"), target);
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "dir-link"), outside.Path);

        // Act
        DataDirPermissions.Correct(dir.Path);

        // Assert
        Assert.Equal(Open, File.GetUnixFileMode(target));
        Assert.Equal(OpenDirectory, File.GetUnixFileMode(outside.Path));
    }

    [Fact]
    public void CreateDataDir_Missing_CreatesItAndItsParents0700()
    {
        // Arrange
        using var dir = new TempDirectory();
        var dataDir = Path.Combine(dir.Path, "var", "daas");

        // Act
        DataDirPermissions.CreateDataDir(dataDir);

        // Assert
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(dataDir));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(dir.Path, "var")));
    }
}
