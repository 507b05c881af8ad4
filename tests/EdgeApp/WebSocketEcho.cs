using System.Net.WebSockets;
using System.Text;

namespace EdgeApp;

/// <summary>
/// /ws: sends every message back, text ones prefixed with "VERSION: ". When the app is told to
/// stop (SIGTERM), it closes each open socket with 1001 (going away) so that clients see a clean
/// close rather than a reset once the container is gone.
/// </summary>
internal sealed class WebSocketEcho(string version)
{
    public async Task RunAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("a WebSocket request is expected here\n", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var sending = new SemaphoreSlim(1, 1);
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var onStop = stopping.Register(() => _ = CloseAsync(socket, sending));
        try
        {
            await EchoAsync(socket, sending, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close handshake.
        }
    }

    private async Task EchoAsync(WebSocket socket, SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var prefix = Encoding.UTF8.GetBytes(version + ": ");
        var atStart = true;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await SendLockedAsync(sending, () => socket.State == WebSocketState.CloseReceived
                    ? socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken)
                    : Task.CompletedTask);
                return;
            }

            var text = received.MessageType == WebSocketMessageType.Text;
            var payload = text && atStart ? [.. prefix, .. buffer.AsSpan(0, received.Count)] : buffer.AsMemory(0, received.Count).ToArray();
            atStart = received.EndOfMessage;
            await SendLockedAsync(sending, () => socket.SendAsync(payload, received.MessageType, received.EndOfMessage, cancellationToken));
        }
    }

    private static async Task CloseAsync(WebSocket socket, SemaphoreSlim sending)
    {
        try
        {
            await SendLockedAsync(sending, () => socket.State == WebSocketState.Open
                ? socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "shutting down", CancellationToken.None)
                : Task.CompletedTask);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Already gone.
        }
    }

    private static async Task SendLockedAsync(SemaphoreSlim sending, Func<Task> send)
    {
        await sending.WaitAsync();
        try
        {
            await send();
        }
        finally
        {
            sending.Release();
        }
    }
}
