using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Daas.Tests.TestSupport;
using Daas.Tls;

namespace Daas.Tests.Tls;

public sealed class ClientHelloReaderTests
{
    private const string Host = "app.example.com";

    [Fact]
    public async Task A_ClientHello_asking_for_acme_tls_1_gives_its_server_name_and_that_protocol()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1");

        var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out var hello);

        Assert.Equal(ClientHelloStatus.Complete, status);
        Assert.Equal(Host, hello!.ServerName);
        Assert.Equal(["acme-tls/1"], hello.ApplicationProtocols);
    }

    [Fact]
    public async Task A_ClientHello_asking_for_HTTP_gives_h2_then_http_1_1_in_the_clients_order()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "h2", "http/1.1");

        var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out var hello);

        Assert.Equal(ClientHelloStatus.Complete, status);
        Assert.Equal(Host, hello!.ServerName);
        Assert.Equal(["h2", "http/1.1"], hello.ApplicationProtocols);
    }

    [Fact]
    public async Task A_ClientHello_for_an_address_without_ALPN_gives_no_name_and_no_protocols()
    {
        // An SslStream client sends no SNI for an IP address, and no ALPN when it is given none.
        var bytes = await TlsLoopback.CaptureClientHelloAsync("127.0.0.1");

        var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out var hello);

        Assert.Equal(ClientHelloStatus.Complete, status);
        Assert.Null(hello!.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
    }

    [Fact]
    public async Task The_server_name_is_lower_cased()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host);
        var upper = Replace(bytes, Encoding.ASCII.GetBytes(Host), Encoding.ASCII.GetBytes(Host.ToUpperInvariant()));

        ClientHelloReader.TryRead(new ReadOnlySequence<byte>(upper), out var hello);

        Assert.Equal(Host, hello!.ServerName);
    }

    [Fact]
    public async Task A_ClientHello_that_has_not_all_arrived_is_incomplete_at_every_length_until_its_last_byte()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1");

        for (var length = 0; length < bytes.Length; length++)
        {
            var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes, 0, length), out var hello);
            Assert.True(status == ClientHelloStatus.Incomplete && hello is null, $"{length} of {bytes.Length} bytes gave {status}");
        }

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public async Task A_ClientHello_in_two_buffer_segments_reads_the_same_wherever_it_is_cut()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "h2", "http/1.1");

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var status = ClientHelloReader.TryRead(Segments.Split(bytes, cut), out var hello);
            Assert.Equal(ClientHelloStatus.Complete, status);
            Assert.Equal(Host, hello!.ServerName);
            Assert.Equal(["h2", "http/1.1"], hello.ApplicationProtocols);
        }
    }

    [Fact]
    public async Task A_ClientHello_split_across_two_records_reads_the_same_wherever_it_is_split()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1");
        var messageLength = bytes.Length - 5;

        for (var split = 1; split < messageLength; split++)
        {
            var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(Reframe(bytes, split)), out var hello);
            Assert.Equal(ClientHelloStatus.Complete, status);
            Assert.Equal(Host, hello!.ServerName);
            Assert.Equal(["acme-tls/1"], hello.ApplicationProtocols);
        }
    }

    [Fact]
    public async Task A_ClientHello_split_across_records_is_incomplete_until_its_last_record_has_arrived()
    {
        // Given a ClientHello in three records, the 4-byte message header itself split between the first two
        var bytes = Reframe(await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1"), 2, 40);

        // When it arrives a byte at a time, then it is incomplete until the end, and complete then
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes, 0, length), out _));
        }

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out var hello));
        Assert.Equal(["acme-tls/1"], hello!.ApplicationProtocols);
    }

    [Fact]
    public async Task A_ClientHello_of_exactly_16_KiB_is_read_and_one_byte_more_is_not_a_ClientHello()
    {
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1");

        var largest = Reframe(PadTo(bytes, 16 * 1024), 16 * 1024 - 100);
        var tooLarge = Reframe(PadTo(bytes, 16 * 1024 + 1), 16 * 1024 - 100);

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(largest), out var hello));
        Assert.Equal(Host, hello!.ServerName);
        Assert.Equal(ClientHelloStatus.NotClientHello, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(tooLarge, 0, 9), out _));
        Assert.Equal(ClientHelloStatus.NotClientHello, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(tooLarge), out _));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: app.example.com\r\n\r\n")]
    [InlineData("\u0080\u0046\u0001\u0003\u0001")] // an SSLv2-style ClientHello
    [InlineData("\u0017\u0003\u0003\u0000\u0005hello")] // application data
    [InlineData("\u0016\u0002\u0000\u0000\u0005hello")] // a record version that is not 3.x
    [InlineData("\u0016\u0003\u0001\u0000\u0000")] // an empty record
    [InlineData("\u0016\u0003\u0001\u0040\u0001")] // a record longer than TLS allows
    [InlineData("\u0016\u0003\u0001\u0000\u0004\u0002\u0000\u0000\u0000")] // a ServerHello
    public void Bytes_that_do_not_start_a_TLS_ClientHello_are_not_a_ClientHello(string text)
    {
        var status = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), out var hello);

        Assert.Equal(ClientHelloStatus.NotClientHello, status);
        Assert.Null(hello);
    }

    [Fact]
    public async Task A_ClientHello_whose_lengths_do_not_add_up_is_not_a_ClientHello()
    {
        // Given a real ClientHello whose cipher suite list claims more bytes than the message holds
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "acme-tls/1");
        var cipherSuites = 5 + 4 + 2 + 32 + 1 + bytes[5 + 4 + 2 + 32];
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(cipherSuites), 0xFFFE);

        // When it is read, then it is not a ClientHello
        Assert.Equal(ClientHelloStatus.NotClientHello, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void Nothing_yet_is_incomplete()
    {
        Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloReader.TryRead(ReadOnlySequence<byte>.Empty, out var hello));
        Assert.Null(hello);
    }

    [Fact]
    public async Task No_damage_to_a_ClientHello_and_no_random_bytes_make_the_reader_throw()
    {
        // Given a real ClientHello, and a seeded source of garbage
        var bytes = await TlsLoopback.CaptureClientHelloAsync(Host, "h2", "http/1.1");
        var random = new Random(20260301);

        // When every byte in turn is zeroed, set or flipped, and when random bytes follow a handshake record header
        foreach (var damage in new Func<byte, byte>[] { _ => 0x00, _ => 0xFF, b => (byte)~b })
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] = damage(damaged[i]);
                ClientHelloReader.TryRead(new ReadOnlySequence<byte>(damaged), out _);
            }
        }

        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 600)];
            random.NextBytes(garbage);
            if (garbage.Length >= 3 && i % 2 == 0)
            {
                garbage[0] = 0x16;
                garbage[1] = 0x03;
                garbage[5 % garbage.Length] = 0x01;
            }

            ClientHelloReader.TryRead(new ReadOnlySequence<byte>(garbage), out _);
        }

        // Then nothing was thrown: reaching here is the test
    }

    /// <summary>Rewraps the handshake message of a one-record ClientHello into records cut at <paramref name="splits"/> (offsets in the message).</summary>
    private static byte[] Reframe(byte[] record, params int[] splits)
    {
        var message = record.AsSpan(5);
        var bounds = splits.Prepend(0).Append(message.Length).ToArray();
        var output = new List<byte>();
        for (var i = 0; i < bounds.Length - 1; i++)
        {
            var piece = message[bounds[i]..bounds[i + 1]];
            output.AddRange([0x16, record[1], record[2], (byte)(piece.Length >> 8), (byte)piece.Length]);
            output.AddRange(piece);
        }

        return [.. output];
    }

    /// <summary>The one-record ClientHello grown with a padding extension (RFC 7685) to a message body of exactly <paramref name="bodyLength"/> bytes.</summary>
    private static byte[] PadTo(byte[] record, int bodyLength)
    {
        var body = record.AsSpan(9).ToArray().ToList();
        var extensionsAt = 2 + 32 + 1 + body[34];
        extensionsAt += 2 + (body[extensionsAt] << 8 | body[extensionsAt + 1]);
        extensionsAt += 1 + body[extensionsAt];
        var padding = bodyLength - body.Count - 4;
        var extensionsLength = (body[extensionsAt] << 8 | body[extensionsAt + 1]) + 4 + padding;
        body[extensionsAt] = (byte)(extensionsLength >> 8);
        body[extensionsAt + 1] = (byte)extensionsLength;
        body.AddRange([0x00, 0x15, (byte)(padding >> 8), (byte)padding]);
        body.AddRange(new byte[padding]);
        byte[] header = [0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count];
        return [0x16, record[1], record[2], 0, 0, .. header, .. body];
    }

    private static byte[] Replace(byte[] data, byte[] find, byte[] with)
    {
        var at = data.AsSpan().IndexOf(find);
        Assert.True(at >= 0);
        var copy = (byte[])data.Clone();
        with.CopyTo(copy, at);
        return copy;
    }
}
