namespace Daas.State;

/// <summary>
/// One attempt to run an image digest with a set of env vars. Status moves
/// starting → running → replaced, or starting → failed with a reason.
/// </summary>
internal sealed record ReleaseRecord(
    long Id,
    string App,
    string Image,
    string Digest,
    string ConfigHash,
    string Status,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>The values of <see cref="ReleaseRecord.Status"/>.</summary>
internal static class ReleaseStatus
{
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Failed = "failed";
    public const string Replaced = "replaced";
}
