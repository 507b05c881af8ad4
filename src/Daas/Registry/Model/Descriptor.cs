namespace Daas.Registry.Model;

/// <summary>
/// A manifest's pointer to other content: its media type (when declared), digest and declared
/// size in bytes. The registry checks the declared size against the content it stores.
/// </summary>
internal sealed record Descriptor(string? MediaType, Digest Digest, long Size);
