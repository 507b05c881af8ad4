using System.Globalization;
using Daas.Deploy.Runtime;
using Docker.DotNet.Models;

namespace Daas.Deploy.Swarm;

/// <summary>Pure: a Swarm service and its tasks turned into the runtime seam's types.</summary>
internal static class ServiceMapping
{
    /// <summary>
    /// For the health gate: the service scaled to 0 is Exited; all its replicas running is Running,
    /// with every task's address; a task that failed, exited or was rejected (its node could not
    /// pull the image, say) is Restarting, with its exit code and error; anything else is Created,
    /// tasks still on their way (with why one waits, if Swarm says).
    /// </summary>
    public static InstanceStatus StatusOf(SwarmService service, IEnumerable<TaskResponse> tasks, string network)
    {
        var replicas = ReplicasOf(service);
        var all = tasks.ToList();
        var running = Running(all).ToList();
        var addresses = running.Select(t => AddressOf(t, network)).OfType<string>().ToList();
        var started = running.Select(t => t.Status?.Timestamp).OfType<DateTime>().Select(d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))).DefaultIfEmpty().Min();
        // An app that exits, even with 0, has stopped serving: Swarm restarts it, as Docker would.
        var failed = all.Where(t => t.Status?.State is TaskState.Failed or TaskState.Rejected or TaskState.Complete).OrderByDescending(t => t.Status?.Timestamp).ToList();
        if (replicas == 0)
        {
            return new InstanceStatus(InstanceState.Exited, InstanceHealth.None, null, 0, null);
        }

        if (failed.Count > 0)
        {
            var last = failed[0];
            return new InstanceStatus(InstanceState.Restarting, InstanceHealth.None, (int?)last.Status?.ContainerStatus?.ExitCode, failed.Count, addresses.FirstOrDefault())
            {
                Addresses = addresses,
                Error = ErrorOf(last),
            };
        }

        var state = running.Count >= replicas && addresses.Count >= replicas ? InstanceState.Running : InstanceState.Created;
        // A task Swarm cannot place yet (no node satisfies the constraints, or has the memory) says why.
        var waiting = all.FirstOrDefault(t => t.Status?.State is TaskState.Pending && !string.IsNullOrEmpty(t.Status.Err));
        return new InstanceStatus(state, InstanceHealth.None, null, 0, addresses.FirstOrDefault(), started == default ? null : started)
        {
            Addresses = addresses,
            Error = waiting is null ? null : ErrorOf(waiting),
        };
    }

    /// <summary>
    /// For the reconciler and the routes: null for a service without DaaS's app and release labels;
    /// Exited when scaled to 0, Running when a task runs (its endpoints are the tasks meant to run;
    /// <see cref="AppInstance.Alive"/> adds those being scaled down or drained, still finishing
    /// their requests), otherwise Restarting: Swarm is replacing the tasks, nothing for DaaS to redeploy.
    /// </summary>
    public static AppInstance? InstanceOf(SwarmService service, IEnumerable<TaskResponse> tasks, string network)
    {
        var labels = service.Spec?.Labels;
        if (labels.Get(DaasLabels.App) is not { } app
            || !long.TryParse(labels.Get(DaasLabels.Release), CultureInfo.InvariantCulture, out var release))
        {
            return null;
        }

        var port = labels.Get(DaasLabels.Port) ?? "8080";
        var all = tasks.ToList();
        var running = Running(all).ToList();
        var state = ReplicasOf(service) == 0 ? InstanceState.Exited : running.Count > 0 ? InstanceState.Running : InstanceState.Restarting;
        var alive = EndpointsOf(all.Where(t => t.Status?.State == TaskState.Running), network, port);
        return new AppInstance(service.ID, app, release, labels.Get(DaasLabels.ConfigHash) ?? "", state, InstanceHealth.None, EndpointsOf(running, network, port))
        {
            Replicas = ReplicasOf(service),
            Alive = alive,
        };
    }

    private static List<Uri> EndpointsOf(IEnumerable<TaskResponse> tasks, string network, string port) =>
        tasks.Select(t => AddressOf(t, network)).OfType<string>().Order(StringComparer.Ordinal).Select(ip => new Uri($"http://{ip}:{port}/")).ToList();

    /// <summary>The replicas the service asks for (0 when stopped).</summary>
    public static int ReplicasOf(SwarmService service) => (int)(service.Spec?.Mode?.Replicated?.Replicas ?? 0);

    /// <summary>Tasks that run and are meant to: a task being shut down (DesiredState shutdown) takes no new traffic.</summary>
    private static IEnumerable<TaskResponse> Running(IEnumerable<TaskResponse> tasks) =>
        tasks.Where(t => t.Status?.State == TaskState.Running && t.DesiredState == TaskState.Running);

    /// <summary>The task's address on the network, without its prefix length ("10.0.1.5/24" → "10.0.1.5").</summary>
    public static string? AddressOf(TaskResponse task, string network)
    {
        var attachment = task.NetworksAttachments?.FirstOrDefault(a => a.Network?.Spec?.Name == network);
        var address = attachment?.Addresses?.FirstOrDefault();
        return address is null ? null : address.Split('/')[0];
    }

    private static string ErrorOf(TaskResponse task)
    {
        var status = task.Status;
        var detail = string.IsNullOrEmpty(status?.Err) ? status?.Message : status.Err;
        return $"a task {status?.State.ToString()?.ToLowerInvariant() ?? "failed"}: {detail}";
    }
}
