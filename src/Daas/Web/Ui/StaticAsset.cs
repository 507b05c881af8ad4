using System.Security.Cryptography;

namespace Daas.Web.Ui;

/// <summary>One file of wwwroot, embedded in the executable: its bytes, content type and ETag (a hash of the bytes).</summary>
internal sealed class StaticAsset
{
    public StaticAsset(string name, byte[] content)
    {
        Content = content;
        ContentType = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            _ => "application/octet-stream",
        };
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";
    }

    public byte[] Content { get; }
    public string ContentType { get; }
    public string ETag { get; }

    /// <summary>
    /// True when an If-None-Match header names this version: "*", or a list of tags of which one
    /// is ours, weak (W/"…") or strong; the weak comparison RFC 9110 prescribes for If-None-Match.
    /// </summary>
    public bool IsMatchedBy(string? ifNoneMatch)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }

        foreach (var part in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag == ETag)
            {
                return true;
            }
        }

        return false;
    }
}
