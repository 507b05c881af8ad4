using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Routing;

[Collection(SharedDaasServer.Name)]
public sealed class Http2WebSocketTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task WebSocketOverHttp2_OnTheHttpsPort_EchoesThroughDaas()
    {
        // Given the EdgeApp running, served a certificate by DaaS's local CA
        await fixture.PushEdgeAppAsync("h2ws", "v1");
        Assert.True(await Server.WaitForAppAsync("h2ws", "edge-app v1"), Server.Output);
        var root = X509Certificate2.CreateFromPem(await Server.RootPemAsync());
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(Server.HttpsPort, $"h2ws.{Server.Domain}", root), Server.Output);

        // When a client opens a WebSocket over HTTP/2 only (RFC 8441 extended CONNECT)
        await using var socket = await AppWebSocket.ConnectAsync(
            new Uri($"wss://h2ws.{Server.Domain}:{Server.HttpsPort}/ws"), Server.HttpsPort, root, HttpVersion.Version20);

        // Then the handshake is HTTP/2's (200, not 101) and text and binary messages come back
        Assert.Equal(HttpStatusCode.OK, socket.HandshakeStatus);
        Assert.Equal("v1: over h2", await socket.EchoAsync("over h2"));
        byte[] bytes = [0, 1, 2, 250, 255];
        await socket.SendBinaryAsync(bytes);
        var reply = await socket.ReceiveAsync();
        Assert.NotNull(reply);
        Assert.Equal(WebSocketMessageType.Binary, reply.Value.Type);
        Assert.Equal(bytes, reply.Value.Payload);
        Assert.Equal("v1: again", await socket.EchoAsync("again"));
    }
}
