using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Daas.Metrics;

/// <summary>
/// Clients' TCP connections to DaaS's listeners (HTTP_PORT and HTTPS_PORT), counted by a Kestrel
/// connection middleware: three Interlocked operations per connection, none per request.
/// </summary>
internal sealed class ClientConnections
{
    public Listener Http { get; } = new("http");

    public Listener Https { get; } = new("https");

    public void WriteTo(PrometheusWriter writer)
    {
        writer.Gauge("daas_client_connections", "Open client connections to DaaS's listeners (HTTP_PORT: http, HTTPS_PORT: https), apps' traffic included.");
        writer.Sample("daas_client_connections", Http.Open, ("listener", Http.Name));
        writer.Sample("daas_client_connections", Https.Open, ("listener", Https.Name));
        writer.Counter("daas_client_connections_total", "Client connections accepted by DaaS's listeners since DaaS started.");
        writer.Sample("daas_client_connections_total", Http.Accepted, ("listener", Http.Name));
        writer.Sample("daas_client_connections_total", Https.Accepted, ("listener", Https.Name));
    }

    /// <summary>One listener's counts.</summary>
    internal sealed class Listener(string name)
    {
        private long _accepted;
        private long _open;

        public string Name { get; } = name;

        public long Accepted => Interlocked.Read(ref _accepted);

        public long Open => Interlocked.Read(ref _open);

        /// <summary>Counts every connection of <paramref name="listen"/>; call it first, so that it also counts those that fail a TLS handshake.</summary>
        public ListenOptions Count(ListenOptions listen)
        {
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _open);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            });
            return listen;
        }
    }
}
