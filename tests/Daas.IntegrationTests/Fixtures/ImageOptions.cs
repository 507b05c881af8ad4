namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// How a test image differs from the plain one: the port busybox httpd listens on, an EXPOSE, a
/// command that replaces httpd, VOLUME paths, image labels, a HEALTHCHECK command.
/// </summary>
public sealed record ImageOptions
{
    public int ListenPort { get; init; } = 8080;
    public int? Expose { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Healthcheck { get; init; }
}
