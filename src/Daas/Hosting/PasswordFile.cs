using System.Security.Cryptography;
using System.Text;
using Daas.IO;

namespace Daas.Hosting;

/// <summary>
/// Supplies the password when PASSWORD is not set: generated once, kept in DATA_DIR/password
/// (mode 0600) and printed to the console only at the start that created it.
/// </summary>
internal static class PasswordFile
{
    public static async Task<DaasOptions> EnsurePasswordAsync(DaasOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            return options;
        }

        var path = Path.Combine(options.DataDir, "password");
        if (File.Exists(path))
        {
            var stored = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
            if (stored.Length > 0)
            {
                return options with { Password = stored };
            }
        }

        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(generated + "\n"), cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await console.WriteLineAsync($"DaaS generated a password for user '{options.Username}': {generated}");
        await console.WriteLineAsync($"It is stored in {path}; set PASSWORD to choose your own.");
        return options with { Password = generated };
    }
}
