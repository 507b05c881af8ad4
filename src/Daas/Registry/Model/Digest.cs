using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Daas.Registry.Model;

/// <summary>
/// A content digest such as <c>sha256:&lt;64 hex&gt;</c>. Only sha256 and sha512 parse, with
/// lower-case hex of the exact length, so a parsed digest is always safe as a path component.
/// </summary>
internal readonly partial record struct Digest(string Algorithm, string Hex)
{
    public override string ToString() => $"{Algorithm}:{Hex}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out Digest? digest)
    {
        digest = null;
        var match = value is null ? null : Pattern().Match(value);
        if (match is null || !match.Success)
        {
            return false;
        }

        var algorithm = match.Groups[1].Value;
        var hex = match.Groups[2].Value;
        if ((algorithm == "sha256" && hex.Length != 64) || (algorithm == "sha512" && hex.Length != 128))
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>Starts an incremental hash of this digest's algorithm.</summary>
    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    public static Digest Sha256(ReadOnlySpan<byte> content) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    [GeneratedRegex("^(sha256|sha512):([a-f0-9]+)$")]
    private static partial Regex Pattern();
}
