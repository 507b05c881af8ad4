using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Daas.Tls;

/// <summary>
/// Reads the SNI name and ALPN list out of the raw bytes a TLS client sends first (RFC 8446 §4.1.2,
/// RFC 6066 §3, RFC 7301 §3.1), without doing TLS: handshake records (type 22) are joined until
/// they hold the whole ClientHello (type 1), which may span several records or not have arrived
/// yet. The message is bounded at 16 KiB. Any byte sequence gives a status, never an exception.
/// </summary>
internal static class ClientHelloReader
{
    /// <summary>Far above real ClientHellos (about 2 KiB with post-quantum key shares), far below what would cost memory.</summary>
    private const int MaxMessageLength = 16 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const int RecordHeaderLength = 5;
    private const int MessageHeaderLength = 4;
    private const int MaxRecordLength = 16 * 1024;
    private const int MaxRecords = 16;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const byte HostNameType = 0;

    public static ClientHelloStatus TryRead(ReadOnlySequence<byte> data, out ClientHello? hello) => TryRead(data, out hello, out _);

    /// <summary>
    /// As <see cref="TryRead(ReadOnlySequence{byte}, out ClientHello?)"/>; when Incomplete,
    /// <paramref name="needed"/> is how many bytes must have arrived before another try can say
    /// more (the end of the record under way), so a caller reading piecemeal parses once per record.
    /// </summary>
    public static ClientHelloStatus TryRead(ReadOnlySequence<byte> data, out ClientHello? hello, out long needed)
    {
        hello = null;
        needed = 0;
        var records = 0;
        var reader = new SequenceReader<byte>(data);
        Span<byte> header = stackalloc byte[MessageHeaderLength];
        var headerLength = 0;
        byte[]? body = null;
        var bodyLength = 0;
        while (true)
        {
            // Real clients send the ClientHello in one or two records; thousands of tiny ones would
            // cost a parse each while adding nothing.
            if (++records > MaxRecords)
            {
                return ClientHelloStatus.NotClientHello;
            }

            needed = reader.Consumed + RecordHeaderLength;
            if (!reader.TryRead(out var recordType))
            {
                return ClientHelloStatus.Incomplete;
            }

            if (recordType != HandshakeRecord)
            {
                return ClientHelloStatus.NotClientHello;
            }

            if (!reader.TryReadBigEndian(out short version) || !reader.TryReadBigEndian(out short length))
            {
                return ClientHelloStatus.Incomplete;
            }

            var recordLength = (ushort)length;
            if (version >> 8 != 3 || recordLength is 0 or > MaxRecordLength)
            {
                return ClientHelloStatus.NotClientHello;
            }

            needed = reader.Consumed + recordLength;

            var remaining = (int)Math.Min(recordLength, reader.Remaining);
            var recordComplete = remaining == recordLength;
            while (remaining > 0 && headerLength < MessageHeaderLength)
            {
                reader.TryRead(out header[headerLength++]);
                remaining--;
                if (headerLength == MessageHeaderLength)
                {
                    var messageLength = header[1] << 16 | header[2] << 8 | header[3];
                    if (header[0] != ClientHelloMessage || messageLength > MaxMessageLength)
                    {
                        return ClientHelloStatus.NotClientHello;
                    }

                    body = new byte[messageLength];
                }
            }

            if (body is not null)
            {
                var take = Math.Min(remaining, body.Length - bodyLength);
                reader.UnreadSequence.Slice(0, take).CopyTo(body.AsSpan(bodyLength));
                reader.Advance(take);
                bodyLength += take;
                if (bodyLength == body.Length)
                {
                    hello = Parse(body);
                    return hello is null ? ClientHelloStatus.NotClientHello : ClientHelloStatus.Complete;
                }
            }

            if (!recordComplete)
            {
                return ClientHelloStatus.Incomplete;
            }
        }
    }

    /// <summary>Parses a ClientHello body (after its 4-byte header); null when it is malformed.</summary>
    private static ClientHello? Parse(ReadOnlySpan<byte> body)
    {
        var message = new SpanCursor(body);
        if (!message.Skip(2 + 32) // legacy_version, random
            || !message.TryReadVector8(out _) // legacy_session_id
            || !message.TryReadVector16(out var cipherSuites) || cipherSuites.Length < 2 || cipherSuites.Length % 2 != 0
            || !message.TryReadVector8(out var compression) || compression.Length < 1)
        {
            return null;
        }

        string? serverName = null;
        var protocols = new List<string>();
        if (message.IsEmpty)
        {
            // A ClientHello from before TLS 1.2 may have no extensions at all.
            return new ClientHello(serverName, protocols);
        }

        if (!message.TryReadVector16(out var extensionBlock) || !message.IsEmpty)
        {
            return null;
        }

        var extensions = new SpanCursor(extensionBlock);
        while (!extensions.IsEmpty)
        {
            if (!extensions.TryReadUInt16(out var type) || !extensions.TryReadVector16(out var extension))
            {
                return null;
            }

            var parsed = type switch
            {
                ServerNameExtension => TryReadServerName(extension, out serverName),
                AlpnExtension => TryReadProtocols(extension, protocols),
                _ => true,
            };
            if (!parsed)
            {
                return null;
            }
        }

        return new ClientHello(serverName, protocols);
    }

    /// <summary>server_name: a list of (type, name); the host_name entry, lower-cased. A name that is not printable ASCII counts as none.</summary>
    private static bool TryReadServerName(ReadOnlySpan<byte> extension, out string? serverName)
    {
        serverName = null;
        var outer = new SpanCursor(extension);
        if (!outer.TryReadVector16(out var list) || !outer.IsEmpty)
        {
            return false;
        }

        var names = new SpanCursor(list);
        while (!names.IsEmpty)
        {
            if (!names.TryReadUInt8(out var type) || !names.TryReadVector16(out var name))
            {
                return false;
            }

            if (type == HostNameType && serverName is null && name.Length > 0 && !name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
            {
                serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
            }
        }

        return true;
    }

    /// <summary>application_layer_protocol_negotiation: a list of non-empty names, each one length byte then the bytes.</summary>
    private static bool TryReadProtocols(ReadOnlySpan<byte> extension, List<string> protocols)
    {
        var outer = new SpanCursor(extension);
        if (!outer.TryReadVector16(out var list) || !outer.IsEmpty)
        {
            return false;
        }

        var names = new SpanCursor(list);
        while (!names.IsEmpty)
        {
            if (!names.TryReadVector8(out var name) || name.IsEmpty)
            {
                return false;
            }

            protocols.Add(Encoding.Latin1.GetString(name));
        }

        return true;
    }

    /// <summary>Reads big-endian integers and length-prefixed vectors off a span; every read checks its bounds.</summary>
    private ref struct SpanCursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool IsEmpty => _rest.IsEmpty;

        public bool Skip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool TryReadUInt8(out byte value)
        {
            value = _rest.IsEmpty ? (byte)0 : _rest[0];
            return Skip(1);
        }

        public bool TryReadUInt16(out ushort value)
        {
            value = _rest.Length < 2 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_rest);
            return Skip(2);
        }

        public bool TryReadVector8(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryReadUInt8(out var length) && TryTake(length, out vector);
        }

        public bool TryReadVector16(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryReadUInt16(out var length) && TryTake(length, out vector);
        }

        private bool TryTake(int length, out ReadOnlySpan<byte> taken)
        {
            taken = _rest.Length < length ? default : _rest[..length];
            return Skip(length);
        }
    }
}
