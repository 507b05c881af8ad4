using System.Net.Sockets;
using System.Text.Json;

namespace Daas.Deploy.Docker;

/// <summary>
/// The volumes' sizes from the engine's GET /system/df, read directly: Docker.DotNet models the
/// newer answer (VolumeUsage.Items), while API 1.41 (Docker 20.10) answers with a top-level
/// <c>Volumes</c> array and no <c>type=</c> filter. The call makes the engine measure every volume,
/// so it is made only when a user asks.
/// </summary>
internal sealed class EngineDiskUsage : IDisposable
{
    private readonly HttpClient _http;

    public EngineDiskUsage(DaasOptions options)
    {
        var host = new Uri(options.DockerHost);
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (host.Scheme == "unix")
        {
            var socket = new UnixDomainSocketEndPoint(host.AbsolutePath);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await connection.ConnectAsync(socket, cancellationToken);
                    return new NetworkStream(connection, ownsSocket: true);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            };
        }

        var scheme = host.Scheme is "https" ? "https" : "http";
        var authority = host.Scheme == "unix" ? "localhost" : host.Authority;
        _http = new HttpClient(handler) { BaseAddress = new Uri($"{scheme}://{authority}/v1.41/") };
    }

    /// <summary>Each volume's size in bytes by name; -1 for one the engine has not measured.</summary>
    public async Task<Dictionary<string, long>> VolumeSizesAsync(CancellationToken cancellationToken)
    {
        await using var body = await _http.GetStreamAsync(new Uri("system/df", UriKind.Relative), cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("Volumes", out var volumes) && volumes.ValueKind == JsonValueKind.Array)
        {
            foreach (var volume in volumes.EnumerateArray())
            {
                if (volume.TryGetProperty("Name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    sizes[name.GetString()!] = volume.TryGetProperty("UsageData", out var usage) && usage.ValueKind == JsonValueKind.Object
                        && usage.TryGetProperty("Size", out var size) && size.TryGetInt64(out var bytes) ? bytes : -1;
                }
            }
        }

        return sizes;
    }

    public void Dispose() => _http.Dispose();
}
