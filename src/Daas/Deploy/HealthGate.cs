using System.Net.Sockets;
using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Deploy;

/// <summary>The health gate's verdict on a new instance.</summary>
internal sealed record HealthResult(bool Healthy, string Reason);

/// <summary>
/// Waits until a new instance can take traffic: Docker's HEALTHCHECK when the image has one,
/// else an HTTP answer below 500 on the daas.health path when the image names one, else a TCP
/// connect to its port. An instance that exits or restarts, or a timeout, fails the gate.
/// </summary>
internal sealed class HealthGate(IAppRuntime runtime, IHttpClientFactory httpClients, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<HealthResult> WaitAsync(string instanceId, ReleaseSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var lastProblem = "no answer yet";
        while (time.GetUtcNow() < deadline)
        {
            var status = await runtime.InspectAsync(instanceId, cancellationToken);
            if (status is null)
            {
                return new HealthResult(false, "the container was removed");
            }

            if (status.State == InstanceState.Created && status.RestartCount == 0)
            {
                // A Swarm service's tasks being scheduled, pulled and started.
                lastProblem = status.Error ?? "its tasks are starting";
                await Task.Delay(PollInterval, time, cancellationToken);
                continue;
            }

            // With a restart policy a crash shows as Restarting or a restart count, not as "not running".
            if (status.State != InstanceState.Running || status.RestartCount > 0)
            {
                return new HealthResult(false, status.Error ?? $"the container exited with code {status.ExitCode}");
            }

            if (status.Health == InstanceHealth.Healthy)
            {
                return new HealthResult(true, "Docker HEALTHCHECK passed");
            }

            if (status.Health == InstanceHealth.Unhealthy)
            {
                return new HealthResult(false, "Docker HEALTHCHECK reports unhealthy");
            }

            if (status.Health == InstanceHealth.Starting)
            {
                lastProblem = "Docker HEALTHCHECK has not passed yet";
            }
            else if (status.Addresses.Count == 0)
            {
                lastProblem = "no address on the apps' network yet";
            }
            else
            {
                // Every task of a service must answer, not just the first to start.
                lastProblem = "";
                foreach (var ip in status.Addresses)
                {
                    lastProblem = settings.HealthPath is null
                        ? await TryConnectAsync(ip, settings.Port, cancellationToken)
                        : await TryHttpAsync(ip, settings.Port, settings.HealthPath, cancellationToken);
                    if (lastProblem.Length > 0)
                    {
                        lastProblem = status.Addresses.Count > 1 ? $"{ip}: {lastProblem}" : lastProblem;
                        break;
                    }
                }

                if (lastProblem.Length == 0)
                {
                    return new HealthResult(true, settings.HealthPath is null ? $"port {settings.Port} accepts connections" : $"{settings.HealthPath} answers");
                }
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return new HealthResult(false, $"not healthy within {timeout.TotalSeconds:0} s ({lastProblem})");
    }

    private static async Task<string> TryConnectAsync(string ip, int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Parse(ip), port, attempt.Token);
            return "";
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"port {port}: {e.Message}";
        }
    }

    private async Task<string> TryHttpAsync(string ip, int port, string path, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await httpClients.CreateClient(nameof(HealthGate)).GetAsync(new Uri($"http://{ip}:{port}{path}"), attempt.Token);
            return (int)response.StatusCode < 500 ? "" : $"{path} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"{path}: {e.Message}";
        }
    }
}
