namespace Daas.State;

/// <summary>
/// Where a release is in its life: pending → starting → running → replaced, or → failed; a
/// pending release that a newer one overtook before it started is superseded.
/// </summary>
internal enum ReleaseState
{
    /// <summary>Recorded as desired; no deploy has started it yet.</summary>
    Pending,

    /// <summary>Its container is starting or waiting for the health gate.</summary>
    Starting,

    /// <summary>Passed the health gate; the app's current release.</summary>
    Running,

    /// <summary>Was running; a newer release took over.</summary>
    Replaced,

    /// <summary>Never got healthy (or could not start); the reason says why.</summary>
    Failed,

    /// <summary>A newer release was asked for before this one started (quick pushes coalesce).</summary>
    Superseded,
}
