using System.Net;
using System.Net.Sockets;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>Finds a loopback port nobody listens on, for a DaaS process under test.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
