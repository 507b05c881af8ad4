namespace Daas.Deploy;

/// <summary>
/// Labels DaaS reads from images and stamps on the containers and volumes it makes. Containers
/// carry the instance id, so DaaS only ever lists, stops or removes its own.
/// </summary>
internal static class DaasLabels
{
    public const string App = "daas.app";
    public const string Release = "daas.release";
    public const string Instance = "daas.instance";
    public const string ConfigHash = "daas.config";

    /// <summary>Image label: the port the app listens on. DaaS also stamps it on each container.</summary>
    public const string Port = "daas.port";

    /// <summary>Volume label: the VOLUME path the volume backs.</summary>
    public const string VolumePath = "daas.volume";

    /// <summary>Image label: an HTTP path (starting with '/') the health gate must get a non-5xx answer from.</summary>
    public const string HealthPath = "daas.health";

    /// <summary>Image label: start-first or stop-first, overriding the default (stop-first for apps with volumes).</summary>
    public const string Deploy = "daas.deploy";

    /// <summary>Image label: "password" puts HTTP Basic with DaaS's credentials in front of the app.</summary>
    public const string Auth = "daas.auth";

    /// <summary>Image label: how many tasks a Swarm service runs (1-100).</summary>
    public const string Replicas = "daas.replicas";

    /// <summary>Image label: Swarm placement constraints, comma-separated (node.role==worker,node.labels.zone==a).</summary>
    public const string Constraints = "daas.constraints";

    /// <summary>Image label: a memory limit, as `docker run --memory` takes it (256m, 1g).</summary>
    public const string Memory = "daas.memory";

    /// <summary>Image label: a CPU limit, as `docker run --cpus` takes it (0.5, 2).</summary>
    public const string Cpus = "daas.cpus";

    /// <summary>Image label: the volume driver for the app's volumes, which lets replicas share them.</summary>
    public const string VolumeDriver = "daas.volume-driver";

    /// <summary>The seed's spelling of <see cref="Auth"/>, which keeps working.</summary>
    public const string SeedAuth = "auth";

    /// <summary>A label's value, or null; Docker hands labels over as a possibly null IDictionary.</summary>
    public static string? Get(this IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    public static string? Get(this IReadOnlyDictionary<string, string> labels, string key) =>
        labels.TryGetValue(key, out var value) ? value : null;
}
