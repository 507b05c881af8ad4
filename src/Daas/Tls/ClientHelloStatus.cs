namespace Daas.Tls;

/// <summary>What <see cref="ClientHelloReader.TryRead"/> made of the bytes it was given.</summary>
internal enum ClientHelloStatus
{
    /// <summary>So far a ClientHello, but not all of it has arrived.</summary>
    Incomplete,

    /// <summary>A whole ClientHello, parsed.</summary>
    Complete,

    /// <summary>Not a TLS ClientHello (another protocol, a malformed one, or one over 16 KiB).</summary>
    NotClientHello,
}
