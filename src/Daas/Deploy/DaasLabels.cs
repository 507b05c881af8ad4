namespace Daas.Deploy;

/// <summary>
/// Labels DaaS reads from images and stamps on the containers it starts. Containers carry the
/// instance id, so DaaS only ever lists, stops or removes its own.
/// </summary>
internal static class DaasLabels
{
    public const string App = "daas.app";
    public const string Release = "daas.release";
    public const string Instance = "daas.instance";
    public const string ConfigHash = "daas.config";
    public const string Port = "daas.port";

    /// <summary>Image label: an HTTP path the health gate must get a non-5xx answer from.</summary>
    public const string HealthPath = "daas.health";

    /// <summary>A label's value, or null; Docker hands labels over as a possibly null IDictionary.</summary>
    public static string? Get(this IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;
}
