namespace Daas.State;

/// <summary>
/// An app as stored: its name (the repository and subdomain), the release that should run
/// (<see cref="DesiredReleaseId"/>), the one that last passed the health gate
/// (<see cref="CurrentReleaseId"/>), and whether it should run at all.
/// </summary>
internal sealed record AppRecord(string Name, long? CurrentReleaseId, long? DesiredReleaseId, AppRunState RunState, DateTimeOffset CreatedAt)
{
    /// <summary>True while a newer release should replace the current one.</summary>
    public bool HasPendingRelease => DesiredReleaseId is not null && DesiredReleaseId != CurrentReleaseId;

    /// <summary>The replicas set through the API, which win over the image's daas.replicas label; null when none was set.</summary>
    public int? Replicas { get; init; }

    /// <summary>The replicas a release of this app runs with.</summary>
    public int ReplicasFor(ReleaseSettings settings) => Replicas ?? settings.Replicas;
}
