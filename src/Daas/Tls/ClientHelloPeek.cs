using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Daas.Tls;

/// <summary>
/// Kestrel connection middleware that reads the ClientHello before TLS starts and leaves every
/// byte in place for the TLS middleware after it, because .NET tells the TLS callback the SNI name
/// but not the ALPN list (TLS-ALPN-01 needs it). It sets a <see cref="ClientHelloFeature"/> on
/// every connection and then hands over; a client that is slow, closes early or does not speak
/// TLS gets a null Hello and fails in the TLS middleware exactly as it would have without this.
/// </summary>
internal static class ClientHelloPeek
{
    /// <summary>As long as Kestrel's own handshake timeout: a client that takes longer is not worth waiting for.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Adds the peek to <paramref name="listen"/>. Call it before UseHttps, so that it runs first.</summary>
    public static ListenOptions UseClientHelloPeek(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            var hello = await PeekAsync(connection.Transport.Input, connection.ConnectionClosed);
            connection.Features.Set(new ClientHelloFeature { Hello = hello });
            await next(connection);
        });
        return listen;
    }

    private static async Task<ClientHello?> PeekAsync(PipeReader input, CancellationToken connectionClosed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
        timeout.CancelAfter(Timeout);
        // What an earlier read marked examined: the pipe refuses to move that mark back.
        SequencePosition? examined = null;
        long needed = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token);
                var buffer = result.Buffer;
                ClientHello? hello = null;
                // Parsed again only once the record under way can be complete: a client sending a
                // byte at a time costs one parse per record, not one per byte.
                var status = buffer.Length < needed ? ClientHelloStatus.Incomplete : ClientHelloReader.TryRead(buffer, out hello, out needed);
                if (status != ClientHelloStatus.Incomplete || result.IsCompleted || result.IsCanceled)
                {
                    // Nothing consumed, and nothing examined beyond what an earlier read saw, so
                    // the TLS middleware's first read returns these bytes at once. Marking them
                    // all examined here would make that read wait for bytes the client will never
                    // send before the server answers: every handshake would stall until its timeout.
                    input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
                    return hello;
                }

                // Nothing consumed, everything examined: the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
                examined = buffer.End;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Timed out, closed or reset: TLS will meet the same fate on its own.
            return null;
        }
    }
}
