namespace Daas.Deploy.Runtime;

/// <summary>What an image says about itself: labels, EXPOSEd ports, VOLUME paths, whether it has a HEALTHCHECK.</summary>
internal sealed record ImageFacts(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> Volumes,
    bool HasHealthcheck);

/// <summary>What one instance of a release runs: a container, or a Swarm service of <see cref="Replicas"/> tasks.</summary>
internal sealed record InstancePlan(
    string App,
    long ReleaseId,
    string Digest,
    int Port,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Volumes)
{
    public int Replicas { get; init; } = 1;

    public IReadOnlyList<string> Constraints { get; init; } = [];

    public long? MemoryBytes { get; init; }

    public long? NanoCpus { get; init; }

    public string? VolumeDriver { get; init; }
}

/// <summary>An instance's life as the engine reports it.</summary>
internal enum InstanceState
{
    Created,
    Running,
    Restarting,
    Exited,
}

/// <summary>A Docker HEALTHCHECK's verdict; <see cref="None"/> when the image has none.</summary>
internal enum InstanceHealth
{
    None,
    Starting,
    Healthy,
    Unhealthy,
}

/// <summary>
/// One instance's state, for the health gate; <see cref="StartedAt"/> is when it last started (null
/// before its first start). <see cref="Addresses"/> are where each of its processes listens on the
/// apps' network (one for a container, each running task of a service); the gate checks them all.
/// </summary>
internal sealed record InstanceStatus(InstanceState State, InstanceHealth Health, int? ExitCode, int RestartCount, string? Address, DateTimeOffset? StartedAt = null)
{
    public IReadOnlyList<string> Addresses { get; init; } = Address is null ? [] : [Address];

    /// <summary>What the engine said went wrong (a Swarm task's error), when it said more than an exit code.</summary>
    public string? Error { get; init; }
}

/// <summary>One of an app's named volumes: where the app mounts it and its size in bytes (-1 when the engine does not know it).</summary>
internal sealed record AppVolume(string Name, string MountPath, long SizeBytes);

/// <summary>
/// One of DaaS's instances, as listed; <see cref="Endpoints"/> are where the proxy reaches it (a
/// container's one address, a service's running tasks), empty when it has none yet.
/// </summary>
internal sealed record AppInstance(string Id, string App, long ReleaseId, string ConfigHash, InstanceState State, InstanceHealth Health, IReadOnlyList<Uri> Endpoints)
{
    /// <summary>Running and not reported unhealthy: it may take traffic.</summary>
    public bool Serving => State == InstanceState.Running && Health != InstanceHealth.Unhealthy;

    /// <summary>How many replicas it asks for: a service's count (0 when stopped), always 1 for a container.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// Where its processes still run, routed or not: a Swarm task being scaled down or drained takes
    /// no new requests but keeps those it has until it stops. The same as <see cref="Endpoints"/> for a container.
    /// </summary>
    public IReadOnlyList<Uri> Alive { get; init; } = Endpoints;

    /// <summary>The first 12 characters, as the docker CLI shows ids.</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}

/// <summary>
/// A running container DaaS did not start (it carries no DaaS label) on the apps' network, routed
/// at each of <see cref="Aliases"/>: its network aliases that are valid app names, never its id.
/// </summary>
internal sealed record AttachedContainer(string Id, IReadOnlyList<string> Aliases, Uri Endpoint, InstanceHealth Health)
{
    /// <summary>Not reported unhealthy by its HEALTHCHECK: it may take traffic.</summary>
    public bool Serving => Health != InstanceHealth.Unhealthy;

    /// <summary>The first 12 characters, as the docker CLI shows ids.</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
