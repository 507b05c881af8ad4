namespace Daas.State;

/// <summary>
/// What a release's image asked for, read from its labels and config the first time the release
/// is started, and then kept with the release, so a rollback runs exactly what ran.
/// </summary>
internal sealed record ReleaseSettings
{
    public required int Port { get; init; }

    /// <summary>An HTTP path the health gate must get a non-5xx answer from; null means a TCP connect.</summary>
    public string? HealthPath { get; init; }

    /// <summary>True when the image has a Docker HEALTHCHECK, which then decides health.</summary>
    public bool HasHealthcheck { get; init; }

    public DeployStrategy Strategy { get; init; } = DeployStrategy.StartFirst;

    /// <summary>True when the image asks for HTTP Basic with DaaS's credentials in front of it.</summary>
    public bool PasswordProtected { get; init; }

    /// <summary>The image's VOLUME paths, each backed by a named volume that belongs to the app.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>How many tasks a Swarm service of the release runs (daas.replicas); one container on a single engine.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Swarm placement constraints (daas.constraints, such as node.role==worker); ignored on a single engine.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];

    /// <summary>The memory limit in bytes (daas.memory), or null for none.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The CPU limit in billionths of a CPU (daas.cpus, as `docker run --cpus`), or null for none.</summary>
    public long? NanoCpus { get; init; }

    /// <summary>The volume driver the app's volumes are made with (daas.volume-driver), or null for the engine's local one.</summary>
    public string? VolumeDriver { get; init; }
}
