using System.Text.Json;

namespace Daas.Tls.Acme;

/// <summary>
/// An order resource (RFC 8555 §7.1.3): its status, the authorizations to satisfy, where to
/// finalize, and, once valid, where the certificate is. <see cref="Error"/> is a problem document
/// when the order went invalid.
/// </summary>
internal sealed record AcmeOrder(string Status, IReadOnlyList<Uri> Authorizations, Uri Finalize, Uri? Certificate = null, JsonElement? Error = null)
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Processing = "processing";
    public const string Valid = "valid";
}
