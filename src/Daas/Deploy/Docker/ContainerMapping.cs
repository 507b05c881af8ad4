using System.Globalization;
using Daas.Deploy.Runtime;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>Pure: Docker's models turned into the runtime seam's types.</summary>
internal static class ContainerMapping
{
    public static ImageFacts FactsOf(DockerOCIImageConfig? config) => new(
        config?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal),
        config?.ExposedPorts?.Keys.ToList() ?? [],
        config?.Volumes?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        config?.Healthcheck?.Test is { Count: > 0 } test && test[0] != "NONE");

    public static InstanceStatus StatusOf(ContainerInspectResponse container, string network) => new(
        StateOf(container.State?.Status),
        HealthOf(container.State?.Health?.Status),
        container.State is null ? null : (int)container.State.ExitCode,
        (int)container.RestartCount,
        container.NetworkSettings?.Networks is { } networks && networks.TryGetValue(network, out var endpoint) && !string.IsNullOrEmpty(endpoint.IPAddress)
            ? endpoint.IPAddress
            : null,
        DateTimeOffset.TryParse(container.State?.StartedAt, System.Globalization.CultureInfo.InvariantCulture, out var started) && started.Year > 1 ? started : null);

    /// <summary>Null for a container without DaaS's app and release labels (not one of ours to reason about).</summary>
    public static AppInstance? InstanceOf(ContainerListResponse container, string network)
    {
        var labels = container.Labels;
        if (labels.Get(DaasLabels.App) is not { } app
            || !long.TryParse(labels.Get(DaasLabels.Release), CultureInfo.InvariantCulture, out var release))
        {
            return null;
        }

        Uri? endpoint = null;
        if (container.NetworkSettings?.Networks is { } networks && networks.TryGetValue(network, out var settings)
            && !string.IsNullOrEmpty(settings.IPAddress) && labels.Get(DaasLabels.Port) is { } port)
        {
            endpoint = new Uri($"http://{settings.IPAddress}:{port}/");
        }

        return new AppInstance(container.ID, app, release, labels.Get(DaasLabels.ConfigHash) ?? "", StateOf(container.State), HealthFromStatusText(container.Status), endpoint is null ? [] : [endpoint]);
    }

    /// <summary>
    /// Where a listed container is reached on <paramref name="network"/> (its endpoint there, and
    /// address), or null when it is not one to route by alias: it carries a DaaS label (this DaaS's
    /// or another's), it is DaaS's own container (<paramref name="self"/>), or it has no address there.
    /// </summary>
    public static (string EndpointId, string Address)? AttachedEndpointOf(ContainerListResponse container, string network, string? self)
    {
        if (container.Labels.Get(DaasLabels.App) is not null || container.Labels.Get(DaasLabels.Instance) is not null
            || string.Equals(container.ID, self, StringComparison.Ordinal)
            || container.NetworkSettings?.Networks is not { } networks || !networks.TryGetValue(network, out var settings)
            || string.IsNullOrEmpty(settings.IPAddress))
        {
            return null;
        }

        return (settings.EndpointID ?? "", settings.IPAddress);
    }

    /// <summary>The label compose sets on a service's containers.</summary>
    public const string ComposeServiceLabel = "com.docker.compose.service";

    /// <summary>
    /// The aliases an attached container is routed at: those that are valid app names, in their
    /// order, without its id (Docker 20.10 lists the short id among the aliases on user-defined
    /// networks). Compose also adds the container's own name ("proj-blog-1") as an alias: that one is
    /// skipped too (<paramref name="composeContainerName"/>), so only the service name and aliases
    /// the user wrote get a route and a certificate (Let's Encrypt limits certificates per domain).
    /// </summary>
    public static IReadOnlyList<string> RoutedAliases(IEnumerable<string>? aliases, string containerId, string? composeContainerName = null)
    {
        var shortId = containerId.Length > 12 ? containerId[..12] : containerId;
        return (aliases ?? [])
            .Where(alias => AppName.IsValid(alias) && alias != shortId && alias != containerId && alias != composeContainerName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// As for pushed apps: the container's daas.port label (set on it or on its image), else its
    /// lowest EXPOSEd TCP port, else 8080. A daas.port that is no port number is ignored, since
    /// there is no release to fail with the reason.
    /// </summary>
    public static int AttachedPortOf(IDictionary<string, string>? labels, IEnumerable<PortSummary>? ports)
    {
        var exposed = (ports ?? []).Select(p => $"{p.PrivatePort.ToString(CultureInfo.InvariantCulture)}/{p.Type}").ToList();
        var port = ImageSettings.PortOf(
            labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels, StringComparer.Ordinal), exposed, out var error);
        return error is null ? port : ImageSettings.PortOf(new Dictionary<string, string>(), exposed, out _);
    }

    /// <summary>An attached container as the seam shows it, reached at <paramref name="address"/> on its port.</summary>
    public static AttachedContainer AttachedOf(ContainerListResponse container, string address, IReadOnlyList<string> aliases) => new(
        container.ID,
        aliases,
        new Uri($"http://{address}:{AttachedPortOf(container.Labels, container.Ports).ToString(CultureInfo.InvariantCulture)}/"),
        HealthFromStatusText(container.Status));

    /// <summary>The engine's own message out of an API error's JSON body ({"message": "..."}), else the body itself.</summary>
    public static string MessageOf(global::Docker.DotNet.DockerApiException e)
    {
        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(e.ResponseBody ?? "");
            if (body.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && body.RootElement.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the body as it is.
        }

        return string.IsNullOrWhiteSpace(e.ResponseBody) ? e.Message : e.ResponseBody.Trim();
    }

    private static InstanceState StateOf(string? state) => state switch
    {
        "running" => InstanceState.Running,
        "restarting" => InstanceState.Restarting,
        "created" => InstanceState.Created,
        _ => InstanceState.Exited,
    };

    private static InstanceHealth HealthOf(string? status) => status switch
    {
        "healthy" => InstanceHealth.Healthy,
        "unhealthy" => InstanceHealth.Unhealthy,
        "starting" => InstanceHealth.Starting,
        _ => InstanceHealth.None,
    };

    /// <summary>The list call gives health only inside its status text, e.g. "Up 5 minutes (unhealthy)".</summary>
    private static InstanceHealth HealthFromStatusText(string? status) => status switch
    {
        not null when status.Contains("(unhealthy)", StringComparison.Ordinal) => InstanceHealth.Unhealthy,
        not null when status.Contains("(healthy)", StringComparison.Ordinal) => InstanceHealth.Healthy,
        not null when status.Contains("(health: starting)", StringComparison.Ordinal) => InstanceHealth.Starting,
        _ => InstanceHealth.None,
    };
}
