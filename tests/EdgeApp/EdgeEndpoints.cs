using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeApp;

/// <summary>
/// The endpoints, each one behaviour of an edge under test: plain answers, slow requests (drain),
/// WebSockets, server-sent events (no buffering), large uploads (streaming) and the headers the
/// app was sent (X-Forwarded-*, Host).
/// </summary>
internal static class EdgeEndpoints
{
    private const int UploadBufferSize = 64 * 1024;

    public static void MapEdgeEndpoints(this IEndpointRouteBuilder app, string version)
    {
        app.MapGet("/", context => context.Response.WriteAsync($"edge-app {version}\n", context.RequestAborted));
        app.MapGet("/slow", context => SlowAsync(context, version));
        app.MapGet("/ws", context => context.RequestServices.GetRequiredService<WebSocketEcho>().RunAsync(context));
        app.MapGet("/sse", context => EventsAsync(context, version));
        app.MapPost("/upload", UploadAsync);
        app.MapGet("/headers", HeadersAsync);
    }

    /// <summary>Waits ?ms= milliseconds, then answers. Shutdown does not cut it short: only the client can.</summary>
    private static async Task SlowAsync(HttpContext context, string version)
    {
        var ms = QueryInt(context, "ms", 1000);
        await Task.Delay(ms, context.RequestAborted);
        await context.Response.WriteAsync($"slow {version}\n", context.RequestAborted);
    }

    /// <summary>?count= events, ?intervalMs= apart, the first at once; each is flushed as it is written.</summary>
    private static async Task EventsAsync(HttpContext context, string version)
    {
        var count = QueryInt(context, "count", 5);
        var interval = QueryInt(context, "intervalMs", 1000);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval, context.RequestAborted);
            }

            await context.Response.WriteAsync($"data: {i} {version}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>Reads the body in 64 KiB pieces, hashing as it goes: it never holds the whole body.</summary>
    private static async Task UploadAsync(HttpContext context)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[UploadBufferSize];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            total += read;
        }

        var hex = Convert.ToHexStringLower(sha256.GetHashAndReset());
        await context.Response.WriteAsync($"{total} {hex}\n", context.RequestAborted);
    }

    /// <summary>Every request header as "Name: value", one line per value, in the order received.</summary>
    private static Task HeadersAsync(HttpContext context)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                text.Append(name).Append(": ").Append(value).Append('\n');
            }
        }

        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static int QueryInt(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
