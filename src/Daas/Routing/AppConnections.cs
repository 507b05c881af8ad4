using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Daas.Routing;

/// <summary>
/// The one connection pool DaaS forwards to apps through, configured as YARP configures its own
/// (no proxy, no redirects, no decompression, no cookies). Each connection is counted into the
/// traffic of the app whose address it goes to: connections are pooled per address, so this costs
/// one lookup per connection, not per request.
/// </summary>
internal static class AppConnections
{
    public static HttpMessageInvoker Create(RouteTable table) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        // Apps are on the same machine or network: a connection that takes longer is to an instance gone, and the request is retried elsewhere.
        ConnectTimeout = TimeSpan.FromSeconds(3),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            var stream = new NetworkStream(socket, ownsSocket: true);
            return table.TrafficOf(context.DnsEndPoint.Host, context.DnsEndPoint.Port) is { } traffic ? new CountingStream(stream, traffic) : stream;
        },
    }, disposeHandler: true);
}
