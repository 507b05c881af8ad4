using System.Net;

namespace Daas.Tls.Acme;

/// <summary>
/// What a successful ACME response gave the client, read in full: status, the resolved
/// Location (an account's or order's URL), Retry-After as a wait, and the body.
/// </summary>
internal sealed record AcmeResponse(HttpStatusCode Status, Uri? Location, TimeSpan? RetryAfter, byte[] Body);
