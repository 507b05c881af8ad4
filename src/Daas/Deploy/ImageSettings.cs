using System.Globalization;
using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Pure: reads what an image asks for (port, health check, deploy strategy, password, volumes,
/// replicas and limits)
/// from its labels and config. A label with a value DaaS cannot honour fails the release with a
/// clear reason instead of being guessed at.
/// </summary>
internal static class ImageSettings
{
    public const int DefaultPort = 8080;

    /// <summary>The settings, or the reason the image cannot be deployed.</summary>
    public static (ReleaseSettings? Settings, string? Error) Read(ImageFacts image)
    {
        var labels = image.Labels;
        var health = labels.Get(DaasLabels.HealthPath);
        // Only a path: "@host:port/" or "//host/" would turn the health probe into a request to any host.
        if (health is not null && (!health.StartsWith('/') || health.StartsWith("//", StringComparison.Ordinal) || health.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '\\')))
        {
            return (null, $"label {DaasLabels.HealthPath}='{health}' is not a path starting with '/' (for example /healthz)");
        }

        var strategy = image.Volumes.Count > 0 ? DeployStrategy.StopFirst : DeployStrategy.StartFirst;
        switch (labels.Get(DaasLabels.Deploy))
        {
            case null:
                break;
            case "start-first":
                strategy = DeployStrategy.StartFirst;
                break;
            case "stop-first":
                strategy = DeployStrategy.StopFirst;
                break;
            case var other:
                return (null, $"label {DaasLabels.Deploy}='{other}' is neither start-first nor stop-first");
        }

        var port = PortOf(labels, image.ExposedPorts, out var portError);
        if (portError is not null)
        {
            return (null, portError);
        }

        var (limits, limitsError) = ServiceLimits.Read(labels);
        if (limitsError is not null)
        {
            return (null, limitsError);
        }

        return (new ReleaseSettings
        {
            Port = port,
            HealthPath = health,
            HasHealthcheck = image.HasHealthcheck,
            Strategy = strategy,
            PasswordProtected = labels.Get(DaasLabels.Auth) == "password" || labels.Get(DaasLabels.SeedAuth) == "password",
            Volumes = image.Volumes,
            Replicas = limits.Replicas,
            Constraints = limits.Constraints,
            MemoryBytes = limits.MemoryBytes,
            NanoCpus = limits.NanoCpus,
            VolumeDriver = limits.VolumeDriver,
        }, null);
    }

    /// <summary>
    /// The port the app listens on: the daas.port label, else the lowest EXPOSEd TCP port, else
    /// 8080. Docker keeps EXPOSEd ports as a map and loses their order, so "first" cannot be known;
    /// the lowest picks 80 over 443 and an app's port over a debug port.
    /// </summary>
    public static int PortOf(IReadOnlyDictionary<string, string> labels, IEnumerable<string> exposedPorts, out string? error)
    {
        error = null;
        if (labels.Get(DaasLabels.Port) is { } label)
        {
            if (int.TryParse(label, CultureInfo.InvariantCulture, out var labelled) && labelled is > 0 and <= 65535)
            {
                return labelled;
            }

            error = $"label {DaasLabels.Port}='{label}' is not a port number (1-65535)";
            return 0;
        }

        var lowest = int.MaxValue;
        foreach (var exposed in exposedPorts)
        {
            var parts = exposed.Split('/');
            var protocol = parts.Length > 1 ? parts[1] : "tcp";
            if (protocol == "tcp" && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                lowest = Math.Min(lowest, port);
            }
        }

        return lowest == int.MaxValue ? DefaultPort : lowest;
    }
}
