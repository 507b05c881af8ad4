namespace Daas.State;

/// <summary>
/// One release: an immutable snapshot of what runs (digest, env and, once the image has been
/// read, its settings), numbered per app, with what triggered it and how it went. Only
/// <see cref="State"/>, <see cref="Reason"/> and <see cref="FinishedAt"/> change after it is made.
/// </summary>
internal sealed record ReleaseRecord
{
    public required long Id { get; init; }
    public required string App { get; init; }
    public required int Number { get; init; }
    public required string Digest { get; init; }
    public required SortedDictionary<string, string> Env { get; init; }
    public ReleaseSettings? Settings { get; init; }
    public required ReleaseTrigger Trigger { get; init; }

    /// <summary>For a rollback, the number of the release it restores.</summary>
    public int? SourceNumber { get; init; }
    public required ReleaseState State { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True for a release that passed its health gate at some point.</summary>
    public bool WentLive => State is ReleaseState.Running or ReleaseState.Replaced;
}
