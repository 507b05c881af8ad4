using System.Net.Sockets;
using Daas.Deploy.Docker;

namespace Daas.Deploy;

/// <summary>The health gate's verdict on a new container.</summary>
internal sealed record HealthResult(bool Healthy, string Reason);

/// <summary>
/// Waits until a new container can take traffic: Docker's HEALTHCHECK when the image has one,
/// else an HTTP answer below 500 on the daas.health path when the image names one, else a TCP
/// connect to its port. A container that exits, or a timeout, fails the gate.
/// </summary>
internal sealed class HealthGate(DockerEngine engine, IHttpClientFactory httpClients, DaasOptions options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<HealthResult> WaitAsync(string containerId, int port, string? healthPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var lastProblem = "no answer yet";
        while (time.GetUtcNow() < deadline)
        {
            var container = await engine.InspectContainerAsync(containerId, cancellationToken);
            if (container is null)
            {
                return new HealthResult(false, "the container was removed");
            }

            // With a restart policy a crash shows as Restarting or a restart count, not as "not running".
            if (container.State is null || !container.State.Running || container.State.Restarting || container.RestartCount > 0)
            {
                return new HealthResult(false, $"the container exited with code {container.State?.ExitCode}");
            }

            if (container.State.Health is { } health && !string.IsNullOrEmpty(health.Status) && health.Status != "none")
            {
                if (health.Status == "healthy")
                {
                    return new HealthResult(true, "Docker HEALTHCHECK passed");
                }

                if (health.Status == "unhealthy")
                {
                    return new HealthResult(false, "Docker HEALTHCHECK reports unhealthy");
                }
            }
            else if (AddressOf(container) is not { } ip)
            {
                lastProblem = $"no address on network {options.NetworkName} yet";
            }
            else
            {
                lastProblem = healthPath is null ? await TryConnectAsync(ip, port, cancellationToken) : await TryHttpAsync(ip, port, healthPath, cancellationToken);
                if (lastProblem.Length == 0)
                {
                    return new HealthResult(true, healthPath is null ? $"port {port} accepts connections" : $"{healthPath} answers");
                }
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return new HealthResult(false, $"not healthy within {timeout.TotalSeconds:0} s ({lastProblem})");
    }

    private string? AddressOf(global::Docker.DotNet.Models.ContainerInspectResponse container) =>
        container.NetworkSettings?.Networks is { } networks && networks.TryGetValue(options.NetworkName, out var endpoint) && !string.IsNullOrEmpty(endpoint.IPAddress)
            ? endpoint.IPAddress
            : null;

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
