using Daas.Hosting;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Hosting;

public sealed class PasswordFileTests
{
    [Fact]
    public async Task EnsurePassword_NoneSet_GeneratesStoresAndPrintsOnce()
    {
        // Arrange
        using var dir = new TempDirectory();
        var options = new DaasOptions { DomainName = "localhost", Username = "admin", DataDir = dir.Path };
        using var firstConsole = new StringWriter();
        using var secondConsole = new StringWriter();

        // Act
        var first = await PasswordFile.EnsurePasswordAsync(options, firstConsole, CancellationToken.None);
        var second = await PasswordFile.EnsurePasswordAsync(options, secondConsole, CancellationToken.None);

        // Assert
        Assert.NotNull(first.Password);
        Assert.True(first.Password.Length >= 20);
        Assert.Equal(first.Password, second.Password);
        Assert.Contains(first.Password, firstConsole.ToString(), StringComparison.Ordinal);
        Assert.Empty(secondConsole.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "password")));
    }

    [Fact]
    public async Task EnsurePassword_PasswordSet_WritesNothing()
    {
        using var dir = new TempDirectory();
        var options = new DaasOptions { DomainName = "localhost", Username = "admin", Password = "given", DataDir = dir.Path };
        using var console = new StringWriter();

        var result = await PasswordFile.EnsurePasswordAsync(options, console, CancellationToken.None);

        Assert.Equal("given", result.Password);
        Assert.Empty(dir.Files());
        Assert.Empty(console.ToString());
    }
}
