using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A client WebSocket to an app behind DaaS (see <see cref="AppClient"/> for how it is addressed),
/// over HTTP/1.1 (Upgrade) or HTTP/2 (RFC 8441 extended CONNECT). It owns the handler whose
/// connection carries it, which an HTTP/2 WebSocket needs for as long as it is open.
/// </summary>
public sealed class AppWebSocket : IAsyncDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly byte[] _buffer = new byte[64 * 1024];

    private AppWebSocket(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        Socket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Opens <paramref name="uri"/> (ws:// or wss://) through DaaS on 127.0.0.1:<paramref name="port"/>; exactly HTTP/2 when asked.</summary>
    public static async Task<AppWebSocket> ConnectAsync(Uri uri, int port, X509Certificate2? root = null, Version? httpVersion = null)
    {
        var invoker = new HttpMessageInvoker(AppClient.Handler(port, root));
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (httpVersion is not null)
        {
            socket.Options.HttpVersion = httpVersion;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(uri, invoker, timeout.Token);
            return new AppWebSocket(socket, invoker);
        }
        catch
        {
            socket.Dispose();
            invoker.Dispose();
            throw;
        }
    }

    /// <summary>The handshake's status: 101 over HTTP/1.1, 200 over HTTP/2.</summary>
    public HttpStatusCode HandshakeStatus => Socket.HttpStatusCode;

    public Task SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public Task SendBinaryAsync(byte[] bytes, CancellationToken cancellationToken = default) =>
        Socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    /// <summary>The next whole message and its type, or null when the other side closed (see Socket.CloseStatus).</summary>
    public async Task<(WebSocketMessageType Type, byte[] Payload)?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var received = await Socket.ReceiveAsync(_buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(_buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return (received.MessageType, message.ToArray());
            }
        }
    }

    /// <summary>Sends <paramref name="text"/> and returns the text message that comes back, or null when the socket was closed instead.</summary>
    public async Task<string?> EchoAsync(string text, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        await SendTextAsync(text, cancel.Token);
        var reply = await ReceiveAsync(cancel.Token);
        return reply is { Type: WebSocketMessageType.Text } message ? Encoding.UTF8.GetString(message.Payload)
            : reply is null ? null
            : throw new InvalidOperationException($"a {reply.Value.Type} message came back for a text one");
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already going away.
            }
        }

        Socket.Dispose();
        _invoker.Dispose();
    }
}
