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
            : null);

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

        return new AppInstance(container.ID, app, release, labels.Get(DaasLabels.ConfigHash) ?? "", StateOf(container.State), HealthFromStatusText(container.Status), endpoint);
    }

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
