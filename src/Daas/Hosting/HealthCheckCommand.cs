using System.Globalization;

namespace Daas.Hosting;

/// <summary>
/// `Daas healthcheck`: the image's HEALTHCHECK, which has no shell or curl to call. Exits 0 when
/// DaaS answers plain HTTP on 127.0.0.1:HTTP_PORT below 500 (its registry's /v2/ answers 401
/// without credentials), else 1.
/// </summary>
internal static class HealthCheckCommand
{
    public const string Argument = "healthcheck";

    public static async Task<int> RunAsync(string? httpPort, TextWriter error)
    {
        var port = int.TryParse(httpPort, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535 ? parsed : 80;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v2/"));
            if ((int)response.StatusCode < 500)
            {
                return 0;
            }

            await error.WriteLineAsync($"daas healthcheck: 127.0.0.1:{port} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"daas healthcheck: 127.0.0.1:{port} does not answer: {e.GetBaseException().Message}");
        }

        return 1;
    }
}
