using System.Net;
using System.Net.Sockets;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A TCP relay on a loopback port to another loopback port that a test can switch off: while off,
/// it closes every connection at once, as a closed firewall port would look to a validating CA.
/// </summary>
public sealed class LoopbackForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackForwarder(int target, bool enabled)
    {
        _target = target;
        Enabled = enabled;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public bool Enabled { get; set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!Enabled)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var inbound = new NetworkStream(client, ownsSocket: true);
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var outbound = upstream.GetStream();
            await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // One side went away: the relay of this connection is over.
        }
    }
}
