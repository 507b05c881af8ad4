using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Daas.Deploy;

/// <summary>
/// A short hash of what a release runs (digest and env vars). A container labelled with the
/// same hash already runs exactly this, so a deploy of it is a no-op.
/// </summary>
internal static class ConfigHash
{
    public static string Of(string digest, IReadOnlyDictionary<string, string> env)
    {
        // Length-prefixed, so no value can imitate a key boundary ("A=x\nB=y" vs A and B).
        var text = new StringBuilder(digest);
        foreach (var (key, value) in env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"|{key.Length}:{key}{value.Length}:{value}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
