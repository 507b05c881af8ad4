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
}
