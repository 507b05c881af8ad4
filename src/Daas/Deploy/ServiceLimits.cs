using System.Globalization;
using System.Text.RegularExpressions;

namespace Daas.Deploy;

/// <summary>
/// Pure: the replicas, placement and resource labels of an image (daas.replicas, daas.constraints,
/// daas.memory, daas.cpus, daas.volume-driver), each checked, so a bad value fails the release
/// with its reason instead of reaching the engine.
/// </summary>
internal static partial class ServiceLimits
{
    public const int MaxReplicas = 100;

    public sealed record Values(int Replicas, IReadOnlyList<string> Constraints, long? MemoryBytes, long? NanoCpus, string? VolumeDriver);

    public static (Values Values, string? Error) Read(IReadOnlyDictionary<string, string> labels)
    {
        var none = new Values(1, [], null, null, null);
        var replicas = 1;
        if (labels.Get(DaasLabels.Replicas) is { } replicasLabel
            && (!int.TryParse(replicasLabel, NumberStyles.None, CultureInfo.InvariantCulture, out replicas) || replicas is < 1 or > MaxReplicas))
        {
            return (none, $"label {DaasLabels.Replicas}='{replicasLabel}' is not a number of replicas (1-{MaxReplicas})");
        }

        var constraints = (labels.Get(DaasLabels.Constraints) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (constraints.FirstOrDefault(c => !ConstraintPattern().IsMatch(c)) is { } badConstraint)
        {
            return (none, $"label {DaasLabels.Constraints}: '{badConstraint}' is not a placement constraint (like node.role==worker or node.labels.zone!=a)");
        }

        long? memory = null;
        if (labels.Get(DaasLabels.Memory) is { } memoryLabel)
        {
            memory = ParseBytes(memoryLabel);
            if (memory is null or < 6 * 1024 * 1024)
            {
                return (none, $"label {DaasLabels.Memory}='{memoryLabel}' is not a memory size of at least 6m (like 256m or 1g)");
            }
        }

        long? nanoCpus = null;
        if (labels.Get(DaasLabels.Cpus) is { } cpusLabel)
        {
            if (!decimal.TryParse(cpusLabel, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) || cpus is <= 0 or > 1024)
            {
                return (none, $"label {DaasLabels.Cpus}='{cpusLabel}' is not a number of CPUs (like 0.5 or 2)");
            }

            nanoCpus = (long)(cpus * 1_000_000_000m);
        }

        var driver = labels.Get(DaasLabels.VolumeDriver);
        if (driver is not null && !DriverPattern().IsMatch(driver))
        {
            return (none, $"label {DaasLabels.VolumeDriver}='{driver}' is not a volume driver name");
        }

        return (new Values(replicas, constraints, memory, nanoCpus, driver), null);
    }

    /// <summary>"256m", "1g", "512k", "1048576" (bytes), as docker run --memory reads them; null when it is not one.</summary>
    public static long? ParseBytes(string value)
    {
        var match = BytesPattern().Match(value.Trim().ToLowerInvariant());
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var shift = match.Groups[2].Value switch { "k" => 10, "m" => 20, "g" => 30, _ => 0 };
        return number > (long.MaxValue >> shift) ? null : number << shift;
    }

    [GeneratedRegex(@"^(\d{1,15})([kmg]?)b?$")]
    private static partial Regex BytesPattern();

    // Swarm's own syntax: an attribute (node.id, node.hostname, node.role, node.platform.os, node.labels.X, engine.labels.X), == or !=, a value.
    [GeneratedRegex(@"^(node|engine)\.[A-Za-z0-9_.-]+\s*(==|!=)\s*[A-Za-z0-9_.:/-]+$")]
    private static partial Regex ConstraintPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_./:-]{0,127}$")]
    private static partial Regex DriverPattern();
}
