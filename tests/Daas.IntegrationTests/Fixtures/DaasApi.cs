using System.Net;
using System.Text;
using System.Text.Json;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>Calls to DaaS's JSON API with the server's credentials, for tests that check what it records.</summary>
public static class DaasApi
{
    /// <summary>Sends the request and returns the status and the parsed body (Undefined when there is none).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ApiAsync(this DaasServer server, HttpMethod method, string path, string? json = null)
    {
        using var request = server.AuthorizedRequest(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The app's releases, newest first.</summary>
    public static async Task<List<JsonElement>> ReleasesAsync(this DaasServer server, string app)
    {
        var (status, body) = await server.ApiAsync(HttpMethod.Get, $"api/apps/{app}/releases");
        Assert.Equal(HttpStatusCode.OK, status);
        return body.EnumerateArray().ToList();
    }

    /// <summary>Replaces the app's env vars and checks the API accepted them.</summary>
    public static async Task PutEnvAsync(this DaasServer server, string app, string json)
    {
        var (status, body) = await server.ApiAsync(HttpMethod.Put, $"api/apps/{app}/env", json);
        Assert.True(status == HttpStatusCode.Accepted, $"PUT env answered {status}: {body}");
    }

    /// <summary>Waits until the app's body at <paramref name="path"/> contains <paramref name="text"/>.</summary>
    public static Task<bool> WaitForAppTextAsync(this DaasServer server, string app, string path, string text, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(async () =>
        {
            var (status, body) = await server.GetAppAsync(app, path);
            return status == HttpStatusCode.OK && body.Contains(text, StringComparison.Ordinal);
        }, timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>The local CA's root (PEM), from /api/ca.pem with the server's credentials.</summary>
    public static async Task<string> RootPemAsync(this DaasServer server)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, "api/ca.pem");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static string State(this JsonElement release) => release.GetProperty("state").GetString()!;
}
