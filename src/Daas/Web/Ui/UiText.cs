using System.Globalization;

namespace Daas.Web.Ui;

/// <summary>How the pages write sizes, times and digests: short, in one style everywhere.</summary>
internal static class UiText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>"0 B", "512 B", "1.5 MiB"; "unknown" for a negative size (Docker did not say).</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 0)
        {
            return "unknown";
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    /// <summary>A span as its two largest units: "45 s", "3 min 20 s", "2 h 5 min", "4 d 3 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? Pair((int)span.TotalMinutes, "min", span.Seconds, "s")
            : span.TotalDays < 1 ? Pair((int)span.TotalHours, "h", span.Minutes, "min")
            : Pair((int)span.TotalDays, "d", span.Hours, "h");

        static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
            minor == 0 ? $"{major} {majorUnit}" : $"{major} {majorUnit} {minor} {minorUnit}";
    }

    /// <summary>"3 min 20 s ago", or "in 2 d" for a time still to come.</summary>
    public static string Relative(DateTimeOffset time, DateTimeOffset now) =>
        time <= now ? $"{Duration(now - time)} ago" : $"in {Duration(time - now)}";

    /// <summary>A time as UTC to the second, for a title attribute or a table cell: "2026-12-01 17:45:02 UTC".</summary>
    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"sha256:1a2b3c4d5e6f" (the algorithm and 12 hex digits), as docker prints image ids.</summary>
    public static string ShortDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
    }

    /// <summary>An enum value as the API writes it, in camelCase ("envChange"), for data attributes and badges.</summary>
    public static string Name<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);
    }
}
