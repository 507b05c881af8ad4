using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Pure: whether an app may run with the replicas it asks for (its image's daas.replicas, or the
/// API's count, which wins). Several replicas of an app with volumes would each write a volume of
/// their own on their node, so that needs a volume driver every node shares.
/// </summary>
internal static class ReplicaRule
{
    /// <summary>Why the release cannot run with <paramref name="replicas"/> replicas, or null when it can.</summary>
    public static string? Refusal(int replicas, ReleaseSettings settings) =>
        replicas > 1 && settings.Volumes.Count > 0 && settings.VolumeDriver is null
            ? $"{replicas} replicas with VOLUME {string.Join(", ", settings.Volumes)}: each replica would get a volume of its own on its node. " +
              $"Set the image label {DaasLabels.VolumeDriver} to a driver all nodes share, or run one replica"
            : null;
}
