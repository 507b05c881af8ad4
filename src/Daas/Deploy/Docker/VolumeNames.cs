using System.Security.Cryptography;
using System.Text;

namespace Daas.Deploy.Docker;

/// <summary>
/// The named volume that backs one VOLUME path of an app: derived from the app and the path
/// alone, so every release of the app, and a DaaS restarted on the same engine, mounts the same one.
/// </summary>
internal static class VolumeNames
{
    /// <summary>"daas-notes-var-lib-data-1a2b3c" for app "notes" and /var/lib/data; the hash keeps "/a-b" and "/a/b" apart.</summary>
    public static string For(string app, string path)
    {
        var slug = new StringBuilder();
        foreach (var c in path.Trim('/').ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var readable = slug.ToString().Trim('-');
        if (readable.Length > 40)
        {
            readable = readable[..40].TrimEnd('-');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..6];
        return readable.Length == 0 ? $"daas-{app}-{hash}" : $"daas-{app}-{readable}-{hash}";
    }
}
