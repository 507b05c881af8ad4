namespace Daas.Deploy.Runtime;

/// <summary>
/// The engine an app's releases run on, in DaaS's own types: the deploy sequence (start →
/// healthy → switch → drain → retire) and the reconciler talk only to this. Plain containers on
/// one engine implement it (<see cref="Docker.ContainerRuntime"/>), and Swarm services
/// (<see cref="Swarm.SwarmRuntime"/>). Ids are the runtime's own; "not found" is null or a no-op.
/// </summary>
internal interface IAppRuntime
{
    /// <summary>Makes the image of app@digest available to run (a pull) and reads what it says about itself.</summary>
    Task<ImageFacts> PrepareAsync(string app, string digest, CancellationToken cancellationToken);

    /// <summary>Creates the plan's volumes if missing, then creates and starts one instance of the release.</summary>
    Task<string> StartAsync(InstancePlan plan, CancellationToken cancellationToken);

    /// <summary>One instance's state now, or null when it is gone.</summary>
    Task<InstanceStatus?> InspectAsync(string id, CancellationToken cancellationToken);

    /// <summary>This DaaS's instances, running or not, of one app or (null) of all apps.</summary>
    Task<IReadOnlyList<AppInstance>> ListAsync(string? app, CancellationToken cancellationToken);

    /// <summary>
    /// The running containers on the apps' network that no DaaS started (no daas.app or
    /// daas.instance label), other than DaaS's own, that have at least one network alias that is
    /// a valid app name: the seed routed them at &lt;alias&gt;.DOMAIN_NAME, and so does DaaS.
    /// </summary>
    Task<IReadOnlyList<AttachedContainer>> ListAttachedAsync(CancellationToken cancellationToken);

    /// <summary>True when an instance can run several replicas (Swarm services); a container is one.</summary>
    bool CanScale { get; }

    /// <summary>Sets how many replicas a running instance has (only where <see cref="CanScale"/>).</summary>
    Task ScaleAsync(string id, int replicas, CancellationToken cancellationToken);

    /// <summary>Starts a stopped instance again.</summary>
    Task ResumeAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stops an instance (SIGTERM, SIGKILL after <paramref name="grace"/>) and keeps it, so it can be resumed.</summary>
    Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Stops and removes an instance; nothing happens when it is already gone.</summary>
    Task RemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The last lines an instance wrote, for a failed release's record.</summary>
    Task<string> TailLogsAsync(string id, int lines, CancellationToken cancellationToken);

    /// <summary>
    /// An instance's log (stdout and stderr), one line per item: its last <paramref name="tail"/>
    /// lines, then with <paramref name="follow"/> each new line as it is written, until the instance
    /// stops (the sequence ends) or <paramref name="cancellationToken"/> fires. Empty when the instance is gone.
    /// </summary>
    IAsyncEnumerable<string> ReadLogsAsync(string id, int tail, bool follow, CancellationToken cancellationToken);

    /// <summary>The app's named volumes, with their mount paths and sizes.</summary>
    Task<IReadOnlyList<AppVolume>> ListVolumesAsync(string app, CancellationToken cancellationToken);

    /// <summary>Removes the app's volumes (only when the user asks for its data to go).</summary>
    Task<int> RemoveVolumesAsync(string app, CancellationToken cancellationToken);

    /// <summary>Removes the app's images that the engine pulled, except those of <paramref name="keepDigests"/>.</summary>
    Task<int> PruneImagesAsync(string app, IReadOnlySet<string> keepDigests, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="changed"/> with the app's name for every change to one of this DaaS's
    /// instances, and <paramref name="attachedChanged"/> when a container may have joined, left or
    /// changed health on the apps' network (see <see cref="ListAttachedAsync"/>), until a stream
    /// ends (then it returns) or fails (then it throws); the caller reconnects and, since changes
    /// may have been missed, refreshes everything.
    /// </summary>
    Task WatchAsync(Action<string> changed, Action attachedChanged, CancellationToken cancellationToken);
}
